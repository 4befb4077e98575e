using System.Net.Http.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Simulators;
using Silo.Simulators.MetaAds;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Metrics;

/// <summary>
/// /metrics carries what seed 004 says to monitor: per ad account the last and average scheduled
/// sync duration, rate-limit hits in the last hour, coverage and failing entities (read from the
/// tables), and the Graph Marketing API's latency as a histogram with one observation per request
/// the Meta Ads simulator served to a live-mode node.
/// </summary>
public sealed class InsightsWatchMetricsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Token = "sim-token-metrics";

    [Fact]
    public async Task GetMetrics_LiveNodeAndSyncHistory_SyncDurationHitsCoverageAndApiLatencyReported()
    {
        var ct = TestContext.Current.CancellationToken;
        // act_9: four runs of 10 s hours ago, then one of 25 s; 3 hits in the hour (and 2 older); 4 active entities,
        // one failing, one refreshed two hours ago, one never: 2 of 4 fresh.
        await database.ExecuteAsync("""
            insert into ad_accounts (account_id, tenant, name, token_ref) values ('act_9', 't', 'History', 'token');
            with runs as (
                insert into sync_runs (sync_id, sync_type, mode, tenant, account_id, days_back, started_at)
                select gen_random_uuid(), 'scheduled', 'live', 't', 'act_9', 28, now() - make_interval(hours => h) from generate_series(1, 5) h
                returning sync_id, started_at)
            insert into sync_run_entities (sync_id, entity_id, entity_type, ok, finished_at)
            select sync_id, 'c9', 'campaign', true, started_at + case when started_at > now() - interval '90 minutes' then interval '25 seconds' else interval '10 seconds' end
              from runs;
            insert into insights_rate_limit_hits (account_id, code, hit_at) values
              ('act_9', 17, now() - interval '5 minutes'), ('act_9', 17, now() - interval '20 minutes'), ('act_9', 80004, now() - interval '59 minutes'),
              ('act_9', 17, now() - interval '61 minutes'), ('act_9', 17, now() - interval '3 hours');
            insert into ad_entities (entity_id, entity_type, account_id, campaign_id, name, status, last_synced_at, last_error) values
              ('c9', 'campaign', 'act_9', 'c9', 'Failing', 'ACTIVE', now(), 'code 2: boom'),
              ('c10', 'campaign', 'act_9', 'c10', 'Fresh', 'ACTIVE', now() - interval '10 minutes', null),
              ('c11', 'campaign', 'act_9', 'c11', 'Stale', 'ACTIVE', now() - interval '2 hours', null),
              ('c12', 'campaign', 'act_9', 'c12', 'Never', 'ACTIVE', null, null),
              ('c13', 'campaign', 'act_9', 'c13', 'Paused', 'PAUSED', null, null);
            """);
        var simulator = new MetaAdsSimulator(firstId: 150_000_000_000);
        simulator.AddToken(Token);
        var entities = simulator.AddAccount("act_5005", campaigns: 2, adSets: 1, ads: 1);
        await using var server = await SimulatorServer.StartAsync(app => app.MapMetaAdsSimulator("/ads", simulator), cancellationToken: ct);
        await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["META_INSIGHTS_MODE"] = "live",
            ["Silo:Insights:SyncEnabled"] = "false",
            ["Silo:Insights:GraphBaseUrl"] = server.Url("/ads/").ToString(),
            ["META_ACCESS_TOKEN"] = Token,
            ["Silo:Metrics:DatabaseReadInterval"] = "00:00:00",
        });
        using (var admin = node.AdminClient())
            (await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = "act_5005", tenant = "t" }, ct)).EnsureSuccessStatusCode();
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from ad_entities where account_id = 'act_5005'") == entities.Count, "discovery stored every entity");

        var families = PrometheusText.Parse(PrometheusText.WithoutOrleansSamples(await node.AdminClient().GetStringAsync("/metrics", ct)));

        double Value(string name, string account) => families[name].Samples.Single(s => s.Labels["account"] == account).Value;
        Assert.Equal(25, Value("silo_insights_sync_duration_seconds", "act_9"), 3);
        Assert.Equal(10, Value("silo_insights_sync_duration_average_seconds", "act_9"), 3);
        Assert.Equal(3, Value("silo_insights_rate_limit_hits_last_hour", "act_9"));
        Assert.Equal(50, Value("silo_insights_coverage_percent", "act_9"));
        Assert.Equal(25, Value("silo_insights_failing_entities_percent", "act_9"));
        Assert.Equal(0, Value("silo_insights_rate_limit_hits_last_hour", "act_5005"));
        Assert.DoesNotContain(families["silo_insights_sync_duration_seconds"].Samples, s => s.Labels["account"] == "act_5005");

        var latency = families["silo_insights_meta_api_duration_seconds"];
        Assert.Equal("histogram", latency.Type);
        var served = simulator.Requests;
        Assert.NotEmpty(served);
        Assert.Equal(served.Count, latency.Samples.Where(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Sum(s => s.Value));
        Assert.Equal(served.Count(r => r.Status is >= 200 and < 300),
            latency.Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal) && s.Labels["outcome"] == "2xx" && s.Labels["method"] == "GET").Value);
    }
}
