using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Silo.Gateway.Endpoints;
using Silo.Testing;

namespace Silo.Gateway.Tests.Endpoints;

/// <summary>
/// <c>/api/cluster/nodes</c> lists the live silos; an earlier run's dead silo only with <c>?include=dead</c>, until Orleans'
/// defunct-silo cleanup deletes its row (after <c>Silo:Cluster:DefunctSiloExpiration</c>).
/// </summary>
public sealed class ClusterEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<ClusterEndpoints.NodeView>> NodesAsync(TestNode node, string query = "")
    {
        using var client = node.AdminClient();
        return (await client.GetFromJsonAsync<List<ClusterEndpoints.NodeView>>($"/api/cluster/nodes{query}", Ct))!;
    }

    // Each test's silos form their own cluster in the class's database, so no test sees another's rows.
    private readonly string _clusterId = $"nodes-{Guid.NewGuid():N}";

    private Task<TestNode> StartNodeAsync(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? []) { ["Silo:Cluster:ClusterId"] = _clusterId };
        return TestNode.StartAsync(database.ConnectionString, settings: values);
    }

    /// <summary>A node of an earlier run: started, stopped (its row is then Dead); returns its address.</summary>
    private async Task<string> RunEarlierNodeAsync()
    {
        string address;
        await using (var earlier = await StartNodeAsync()) address = Assert.Single(await NodesAsync(earlier)).Address;
        Assert.Equal(1L, await DeadRowsAsync());
        return address;
    }

    [Fact]
    public async Task GetNodes_EarlierRunsDeadSilo_LiveByDefaultDeadOnRequest()
    {
        var dead = await RunEarlierNodeAsync();
        await using var node = await StartNodeAsync();

        var live = await NodesAsync(node);
        var all = await NodesAsync(node, $"?include={ClusterEndpoints.IncludeDead}");

        var only = Assert.Single(live);
        Assert.Equal("active", only.Status);
        Assert.NotEqual(dead, only.Address);
        Assert.Equal("dead", Assert.Single(all, n => n.Address == dead).Status);
        Assert.Contains(all, n => n.Address == only.Address && n.Status == "active");
    }

    [Fact]
    public async Task GetNodes_IncludeNotDead_ValidationProblemNamingIt()
    {
        await using var node = await StartNodeAsync();

        using var client = node.AdminClient();
        var response = await client.GetAsync("/api/cluster/nodes?include=everything", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["include"], errors.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task DefunctSiloCleanup_AsOrleansSchedulesIt_DeadRowKeptUntilExpiredThenDeleted()
    {
        var dead = await RunEarlierNodeAsync();
        await using var node = await StartNodeAsync();
        // Orleans' cleanup agent runs 2–10 min after start, then every DefunctSiloCleanupPeriod (+ up to 5 min), calling the
        // membership provider with "now − DefunctSiloExpiration": the test makes the same calls the agent would.
        var options = node.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        var table = node.Services.GetRequiredService<IMembershipTable>();
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromDays(1)), (options.DefunctSiloCleanupPeriod, options.DefunctSiloExpiration));

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow - options.DefunctSiloExpiration, Ct);
        var keptWhileRecent = await DeadRowsAsync();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), Ct);

        Assert.Equal(1L, keptWhileRecent);
        Assert.Equal(0L, await DeadRowsAsync());
        var all = await NodesAsync(node, $"?include={ClusterEndpoints.IncludeDead}");
        Assert.Equal("active", Assert.Single(all).Status);
        Assert.NotEqual(dead, all[0].Address);
    }

    // SiloStatus.Dead = 6.
    private Task<long> DeadRowsAsync() =>
        database.ScalarAsync<long>("select count(*) from orleans_membership where deployment_id = @cluster and status = 6", ("cluster", _clusterId));
}
