using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Insights.Hosting;
using Silo.Testing;

namespace Silo.Insights.Tests;

/// <summary>Starts a node with insights settings and gives the tests what they keep needing.</summary>
public static class InsightsTestNode
{
    /// <summary>Stub mode, 2 campaigns × 2 ad sets × 2 ads (14 entities), no periodic refresh unless a test asks.</summary>
    public static Dictionary<string, string?> StubSettings() => new()
    {
        ["Silo:Insights:Mode"] = "stub",
        ["Silo:Insights:SyncEnabled"] = "false",
        ["Silo:Insights:StubCampaigns"] = "2",
        ["Silo:Insights:StubAdSetsPerCampaign"] = "2",
        ["Silo:Insights:StubAdsPerAdSet"] = "2",
        ["Silo:Insights:SyncNowWait"] = "00:00:30",
    };

    public const int StubEntities = 2 + 2 * 2 + 2 * 2 * 2;

    public static Task<TestNode> StartAsync(TestDatabase database, IDictionary<string, string?> settings) =>
        TestNode.StartAsync(database.ConnectionString, settings: settings);

    public static async Task<HttpClient> ClientAsync(this TestNode node, string tenant, params string[] permissions)
    {
        var key = await node.Services.GetRequiredService<ApiKeyStore>()
            .CreateAsync($"test-{Guid.NewGuid():N}", tenant, permissions, TestContext.Current.CancellationToken);
        return node.ClientWithKey(key.Secret);
    }

    /// <summary>Connects an account as the admin and waits until discovery stored <paramref name="entities"/> entities.</summary>
    public static async Task ConnectAsync(this TestNode node, TestDatabase database, string accountId, string tenant, int entities,
        string? tokenRef = null)
    {
        using var admin = node.AdminClient();
        var response = await admin.PostAsJsonAsync("/meta/insights/accounts",
            new { account_id = accountId, tenant, name = $"Account {accountId}", token_ref = tokenRef }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        await Eventually.UntilAsync(async () =>
                await database.ScalarAsync<long>("select count(*) from ad_entities where account_id = @a", ("a", accountId)) == entities,
            $"discovery stored the {entities} entities of {accountId}");
    }
}
