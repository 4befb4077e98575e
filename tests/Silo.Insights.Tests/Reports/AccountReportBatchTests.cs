using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Insights.Tests.Simulators;
using Silo.Simulators.MetaAds;
using Silo.Testing;

namespace Silo.Insights.Tests.Reports;

/// <summary>
/// Seed 004's <c>INSIGHTS_DEFAULT_BATCH_SIZE</c> ("campaigns in batches of 5") honoured: each level's account report is asked
/// as one job per batch of campaigns. Its own class, since the node runs with the seed's environment name set.
/// </summary>
public sealed class AccountReportBatchTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Token = "sim-token-reports";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long _firstId = 150_000_000_000;

    private MetaAdsSimulatorHost _host = null!;
    private TestNode _node = null!;

    private MetaAdsSimulator Simulator => _host.Simulator;

    public async ValueTask InitializeAsync()
    {
        _host = await MetaAdsSimulatorHost.StartAsync(Interlocked.Add(ref _firstId, 1_000_000));
        Simulator.AddToken(Token);
        try
        {
            var settings = AccountReportTests.NodeSettings(_host.BaseUrl);
            settings["INSIGHTS_DEFAULT_BATCH_SIZE"] = "2";
            _node = await TestNode.StartAsync(database.ConnectionString, settings: settings);
        }
        catch
        {
            // The simulator started already; the node cleaned up after itself.
            await DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() =>
        Teardown.DisposeAllAsync(Interlocked.Exchange(ref _node, null!), Interlocked.Exchange(ref _host, null!));

    [Fact]
    public async Task SyncNow_SeedBatchSizeTwo_OneReportPerLevelAndTwoCampaignsEveryEntityStored()
    {
        var entities = Simulator.AddAccount("act_9121", campaigns: 5, adSets: 1, ads: 1);
        await _node.ConnectAsync(database, "act_9121", "acme", entities.Count);
        Simulator.ClearRequests();
        var campaigns = entities.Where(e => e.Level == "campaign").Select(e => e.Id).Order(StringComparer.Ordinal).ToArray();

        using var admin = _node.AdminClient();
        var response = await admin.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = 2, force = true, entity_ids = campaigns }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.True(report.GetProperty("success").GetBoolean());
        // Five campaigns in batches of two: three jobs per level, each filtered on its campaigns (2, 2, 1), together all five.
        var jobs = Simulator.ReportJobs("act_9121");
        Assert.Equal(9, jobs.Count);
        foreach (var level in new[] { "campaign", "adset", "ad" })
        {
            var batches = jobs.Where(j => j.Level == level).Select(j => j.CampaignIds!).ToList();
            Assert.Equal([2, 2, 1], batches.Select(b => b.Count));
            Assert.Equal(campaigns, batches.SelectMany(b => b).Order(StringComparer.Ordinal));
        }
        // Every entity's rows arrived all the same: 15 entities × 2 days.
        Assert.Equal(15L * 2, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_9121'"));
    }
}
