using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Gateway.Endpoints;
using Silo.Hosting.Grains;
using Silo.Hosting.Metrics;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Endpoints;

public sealed class MetricsEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string ScrapeKey = "prometheus-scrape-key-0123456789";

    private static Dictionary<string, string?> WithScrapeKey => new() { ["Silo:Metrics:ScrapeKey"] = ScrapeKey };

    [Fact]
    public async Task GetMetrics_AfterTurnsAndFailures_CountsThemPerNodeAndGrainTypeInTextFormat()
    {
        await using var node = await DashboardNode.StartAsync(database);
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
            await node.Client().SendAsync(new GrainId("counter", "metrics-ok"), new Bump(), $"bump-{i}", ct);
        await node.Client().SendAsync(new GrainId("counter", "metrics-bad"), new Explode("boom"), "explode-1", ct);

        IReadOnlyDictionary<string, PrometheusText.Family> families = null!;
        await Eventually.UntilAsync(async () =>
        {
            families = PrometheusText.Parse(await node.AdminClient().GetStringAsync("/metrics", ct));
            return Value(families, "silo_turns_total", node.Node.NodeId, "counter") == 3
                && Value(families, "silo_messages_parked_total", node.Node.NodeId, "counter") == 1;
        }, "three turns completed and the poison message parked after its two attempts");

        Assert.Equal("counter", families["silo_turns_total"].Type);
        Assert.Equal(2, Value(families, "silo_turn_failures_total", node.Node.NodeId, "counter"));
        Assert.Equal("gauge", families["silo_parked_messages"].Type);
        Assert.Equal(1, families["silo_parked_messages"].Samples.Single(s => s.Labels["grain_type"] == "counter").Value);
        Assert.Equal(1, families["silo_nodes"].Samples.Single(s => s.Labels["status"] == "alive").Value);
        Assert.Equal(0, families["silo_lease_recoveries_total"].Samples.Single().Value);
        Assert.All(families.Values, f => Assert.False(string.IsNullOrEmpty(f.Help), $"{f.Name} has a HELP line"));
    }

    [Fact]
    public async Task GetMetrics_ContentType_IsPrometheusText004()
    {
        await using var node = await DashboardNode.StartAsync(database);

        using var response = await node.AdminClient().GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MetricsEndpoints.ContentType, response.Content.Headers.ContentType!.ToString().Replace(" ", "").Replace(";", "; "));
    }

    [Fact]
    public async Task GetMetrics_ModuleRegistersSource_ItsSamplesAreIncluded()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString, services: s => s.AddMetricsSource<PublishesSource>());

        var families = PrometheusText.Parse(await node.AdminClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken));

        Assert.Equal(7, families["silo_publishes_total"].Samples.Single().Value);
    }

    [Fact]
    public async Task GetMetrics_NoKey_Unauthorized()
    {
        await using var node = await DashboardNode.StartAsync(database, WithScrapeKey);

        using var response = await node.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_UnknownKey_Unauthorized()
    {
        await using var node = await DashboardNode.StartAsync(database, WithScrapeKey);

        using var response = await node.ClientWithKey("silo_not_a_real_key").GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_ScrapeKey_Ok()
    {
        await using var node = await DashboardNode.StartAsync(database, WithScrapeKey);

        using var response = await node.ClientWithKey(ScrapeKey).GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_ScrapeKeyNotConfigured_SameTokenRefused()
    {
        await using var node = await DashboardNode.StartAsync(database);

        using var response = await node.ClientWithKey(ScrapeKey).GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_AnalyticsReadKey_Ok()
    {
        await using var node = await DashboardNode.StartAsync(database, WithScrapeKey);
        var key = await Keys.CreateAsync(node, Permissions.AnalyticsRead);

        using var response = await node.ClientWithKey(key).GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Start_ScrapeKeyTooShort_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Metrics:ScrapeKey"] = "short",
        }));

        Assert.Contains("Silo:Metrics:ScrapeKey", error.Message);
    }

    private static double Value(IReadOnlyDictionary<string, PrometheusText.Family> families, string name, string nodeId, string grainType) =>
        families.TryGetValue(name, out var family)
            ? family.Samples.Where(s => s.Labels.GetValueOrDefault("node") == nodeId && s.Labels.GetValueOrDefault("grain_type") == grainType)
                .Sum(s => s.Value)
            : 0;

    /// <summary>A module's source, as the publishing module would add one.</summary>
    private sealed class PublishesSource : IMetricsSource
    {
        public Task CollectAsync(MetricsBuilder metrics, CancellationToken cancellationToken)
        {
            metrics.Counter("silo_publishes_total", "Story clips published.", 7, ("node", "n"));
            return Task.CompletedTask;
        }
    }
}
