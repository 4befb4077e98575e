using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Insights.Tests.Simulators;
using Silo.Simulators.MetaAds;
using Silo.Testing;

namespace Silo.Insights.Tests.Meta;

/// <summary>Live mode end to end: the real Graph API client against the Meta Ads simulator on loopback.</summary>
public sealed class LiveModeTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Token = "sim-token-live";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long _firstId = 120_000_000_000;

    private MetaAdsSimulatorHost _host = null!;
    private TestNode _node = null!;

    private MetaAdsSimulator Simulator => _host.Simulator;

    public async ValueTask InitializeAsync()
    {
        _host = await MetaAdsSimulatorHost.StartAsync(Interlocked.Add(ref _firstId, 1_000_000));
        Simulator.AddToken(Token);
        try
        {
            _node = await TestNode.StartAsync(database.ConnectionString, settings: Settings());
        }
        catch
        {
            // The simulator started already; the node cleaned up after itself.
            await DisposeAsync();
            throw;
        }
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["META_INSIGHTS_MODE"] = "live",
        ["Silo:Insights:SyncEnabled"] = "false",
        ["Silo:Insights:GraphBaseUrl"] = _host.BaseUrl.ToString(),
        ["Silo:Insights:ReportPollInterval"] = "00:00:00.050",
        ["Silo:Insights:SyncNowWait"] = "00:00:40",
        ["META_API_RATE_LIMIT_RETRY_DELAY"] = "1.5",
        ["META_ACCESS_TOKEN"] = Token,
    };

    public ValueTask DisposeAsync() =>
        Teardown.DisposeAllAsync(Interlocked.Exchange(ref _node, null!), Interlocked.Exchange(ref _host, null!));

    private async Task<JsonElement> SyncNowAsync(object body)
    {
        using var admin = _node.AdminClient();
        var response = await admin.PostAsJsonAsync("/meta/insights/sync-now", body, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    [Fact]
    public async Task SyncNow_LiveMode_StoresWhatTheGraphApiServedThroughReportJobs()
    {
        var entities = Simulator.AddAccount("act_3003", campaigns: 2, adSets: 1, ads: 2, pausedCampaigns: 1);
        await _node.ConnectAsync(database, "act_3003", "acme", entities.Count);

        var campaigns = entities.Where(e => e.Level == "campaign").Select(e => e.Id).ToArray();
        var report = await SyncNowAsync(new { days_back = 3, entity_ids = campaigns, entity_type = "campaign" });

        // The paused campaign and its children are discovered but not refreshed: only the named paused campaign itself is.
        Assert.True(report.GetProperty("success").GetBoolean());
        Assert.Equal("live", report.GetProperty("mode").GetString());
        Assert.Equal(2, report.GetProperty("campaigns").GetProperty("success").GetInt32());
        Assert.Equal(1, report.GetProperty("adsets").GetProperty("success").GetInt32());
        Assert.Equal(2, report.GetProperty("ads").GetProperty("success").GetInt32());
        var ad = entities.First(e => e.Level == "ad" && e.EffectiveStatus == "ACTIVE");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var served = MetaAdsSimulator.Figures(ad.Id, today);
        await using var command = database.DataSource.CreateCommand(
            "select spend, impressions, clicks, conversions, revenue, reach from meta_ad_insights where ad_id = @id and entity_type = 'ad' and date_start = @day");
        command.Parameters.AddWithValue("id", ad.Id);
        command.Parameters.AddWithValue("day", today);
        await using var row = await command.ExecuteReaderAsync(Ct);
        Assert.True(await row.ReadAsync(Ct));
        Assert.Equal(served.Spend, row.GetDecimal(0));
        Assert.Equal(served.Impressions, row.GetInt64(1));
        Assert.Equal(served.Clicks, row.GetInt64(2));
        Assert.Equal(served.Purchases, row.GetInt64(3));
        Assert.Equal(served.PurchaseValue, row.GetDecimal(4));
        Assert.Equal(served.Reach, row.GetInt64(5));
        Assert.Equal(5L * 3, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_3003'"));
        Assert.Contains(Simulator.Requests, r => r.Method == "POST" && r.Path.EndsWith("/insights", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncNow_RateLimitOnOneEntity_HoldsWholeAccountOnEveryNodeThenCompletes()
    {
        // A second node claims grains too: the hold is in the database, so it binds the grains wherever they run.
        await using var second = await TestNode.StartAsync(database.ConnectionString, Silo.Hosting.Hosting.SiloRole.Silo, Settings());
        var entities = Simulator.AddAccount("act_4004", campaigns: 1, adSets: 2, ads: 2);
        await _node.ConnectAsync(database, "act_4004", "acme", entities.Count);
        Simulator.ClearRequests();
        Simulator.SetFaults(new MetaAdsFaults { RateLimitNext = 1, RateLimitCode = 80004, RateLimitAccountId = "act_4004", JobPolls = 6 });

        var report = await SyncNowAsync(new { days_back = 2, entity_ids = new[] { entities[0].Id } });

        Assert.True(report.GetProperty("success").GetBoolean());
        Assert.Equal(entities.Count, report.GetProperty("campaigns").GetProperty("success").GetInt32()
            + report.GetProperty("adsets").GetProperty("success").GetInt32() + report.GetProperty("ads").GetProperty("success").GetInt32());
        Assert.Equal(entities.Count * 2L, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_4004'"));

        var heldFrom = await database.ScalarAsync<DateTime>("select throttled_at from ad_account_status where account_id = 'act_4004'");
        var heldUntil = await database.ScalarAsync<DateTime>("select throttled_until from ad_account_status where account_id = 'act_4004'");
        Assert.Contains("80004", await database.ScalarAsync<string>("select throttle_reason from ad_account_status where account_id = 'act_4004'"));
        var requests = Simulator.Requests.Where(r => r.AccountId == "act_4004").ToList();
        Assert.Single(requests, r => r.ErrorCode == 80004);
        // Every grain of the account stopped calling while it was held (a call already in flight may land just after the hold began).
        var margin = TimeSpan.FromMilliseconds(250);
        Assert.DoesNotContain(requests, r => r.At.UtcDateTime > heldFrom + margin && r.At.UtcDateTime < heldUntil);
        Assert.Contains(requests, r => r.At.UtcDateTime >= heldUntil);
    }

    [Fact]
    public async Task SyncNow_RateLimitWithRegainEstimate_HoldsUntilEstimateAndAnswers202WithTheRunSoFar()
    {
        var settings = Settings();
        settings["Silo:Insights:SyncNowWait"] = "00:00:01";
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: settings);
        var entities = Simulator.AddAccount("act_6006", campaigns: 1, adSets: 1, ads: 1);
        await node.ConnectAsync(database, "act_6006", "acme", entities.Count);
        Simulator.SetFaults(new MetaAdsFaults { RateLimitNext = 1, RateLimitCode = 4, RateLimitAccountId = "act_6006", RegainMinutes = 2 });
        using var admin = node.AdminClient();

        var response = await admin.PostAsJsonAsync("/meta/insights/sync-now", new { entity_ids = new[] { entities[0].Id } }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("running", report.GetProperty("status").GetString());
        Assert.Equal(3, report.GetProperty("expected_entities").GetInt32());
        var run = await admin.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString(), Ct);
        Assert.Equal(report.GetProperty("sync_id").GetString(), run.GetProperty("sync_id").GetString());
        // Meta's estimate (2 minutes) sets the hold, not the configured 1.5 s back-off.
        var held = await database.ScalarAsync<double>(
            "select extract(epoch from throttled_until - throttled_at) from ad_account_status where account_id = 'act_6006'");
        Assert.InRange(held, 119, 121);
    }

    [Fact]
    public async Task Stop_ReportWaitingOutARateLimitHold_NodeStopsWithoutWaitingForIt()
    {
        // The test's one node: the account's report runs there, and this test stops it.
        var node = Interlocked.Exchange(ref _node, null!);
        var entities = Simulator.AddAccount("act_6106", campaigns: 1, adSets: 1, ads: 1);
        await node.ConnectAsync(database, "act_6106", "acme", entities.Count);
        Simulator.SetFaults(new MetaAdsFaults { RateLimitNext = 1, RateLimitCode = 4, RateLimitAccountId = "act_6106", RegainMinutes = 2 });
        using (var admin = node.AdminClient())
        {
            var sync = admin.PostAsJsonAsync("/meta/insights/sync-now", new { entity_ids = new[] { entities[0].Id } }, Ct);
            await Eventually.UntilAsync(async () => await database.ScalarAsync<bool>(
                "select coalesce(throttled_until > now() + interval '1 minute', false) from ad_account_status where account_id = 'act_6106'"),
                "the account held for Meta's two minutes");
            _ = sync.ContinueWith(t => t.Exception, TaskScheduler.Default); // answered or cut off by the stop: either way
        }

        // The account's report waits out the hold inside its grain. Orleans lets a deactivating grain finish what runs,
        // up to its deactivation timeout (30 s): the node must end that wait rather than sit through it.
        await node.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct);
    }

    [Fact]
    public async Task Discovery_HighUsageHeaders_HoldsAccountWithoutErrorThenRefreshCompletes()
    {
        var entities = Simulator.AddAccount("act_8008", campaigns: 1, adSets: 1, ads: 1);
        Simulator.SetFaults(new MetaAdsFaults { UsagePercent = 95 });
        await _node.ConnectAsync(database, "act_8008", "acme", entities.Count);

        Assert.Equal("usage at 95%", await database.ScalarAsync<string>("select throttle_reason from ad_account_status where account_id = 'act_8008'"));
        Assert.Equal(95m, await database.ScalarAsync<decimal>("select usage_percent from ad_account_status where account_id = 'act_8008'"));
        Simulator.SetFaults(new MetaAdsFaults { UsagePercent = 10 });
        var heldUntil = await database.ScalarAsync<DateTime>("select throttled_until from ad_account_status where account_id = 'act_8008'");

        var report = await SyncNowAsync(new { entity_ids = new[] { entities[0].Id } });

        Assert.True(report.GetProperty("success").GetBoolean());
        Assert.DoesNotContain(Simulator.Requests, r => r.AccountId == "act_8008" && r.Method == "POST" && r.At.UtcDateTime < heldUntil);
    }

    [Fact]
    public async Task SyncNow_ReportJobFailsThreeTimesInARow_RaisesSyncFailingAlertOnce()
    {
        var entities = Simulator.AddAccount("act_7007", campaigns: 1, adSets: 1, ads: 1);
        await _node.ConnectAsync(database, "act_7007", "acme", entities.Count);
        var ad = entities.Single(e => e.Level == "ad");
        // A failed job is asked again in halves (28 → 14 → 7 days): every job fails, so each refresh does.
        Simulator.SetFaults(new MetaAdsFaults { FailNextJobs = int.MaxValue });
        const string alerts = "select count(*) from insights_alerts where account_id = 'act_7007' and kind = 'sync_failing'";

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var report = await SyncNowAsync(new { entity_ids = new[] { ad.Id }, force = true });
            Assert.Contains("Job Failed", report.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
            Assert.Equal(attempt >= 3 ? 1L : 0L, await database.ScalarAsync<long>(alerts));
        }
    }

    [Fact]
    public async Task SyncNow_ExpiredToken_StopsAccountRefreshAndRaisesAlert()
    {
        const string otherToken = "sim-token-expiring";
        Simulator.AddToken(otherToken);
        var entities = Simulator.AddAccount("act_5005", campaigns: 1, adSets: 1, ads: 1);
        using (var admin = _node.AdminClient())
        {
            // Live mode requires the reference to name a configured secret: this one does not exist.
            var refused = await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = "act_5005", tenant = "acme", token_ref = "NO_SUCH_TOKEN" }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        await _node.ConnectAsync(database, "act_5005", "acme", entities.Count);
        Simulator.ExpireToken(Token);
        try
        {
            var report = await SyncNowAsync(new { entity_ids = new[] { entities[0].Id } });

            Assert.False(report.GetProperty("success").GetBoolean());
            Assert.Contains(report.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("190", StringComparison.Ordinal));
            Assert.Equal("token_expired", await database.ScalarAsync<string>("select status from ad_account_status where account_id = 'act_5005'"));
            Assert.Equal(1L, await database.ScalarAsync<long>(
                "select count(*) from insights_alerts where account_id = 'act_5005' and kind = 'token_expired' and resolved_at is null"));

            // Stopped: a second sync calls Meta no more for this account and the alert is not duplicated.
            var calls = Simulator.Requests.Count(r => r.AccountId == "act_5005");
            var again = await SyncNowAsync(new { entity_ids = new[] { entities[0].Id } });
            Assert.False(again.GetProperty("success").GetBoolean());
            Assert.Equal(calls, Simulator.Requests.Count(r => r.AccountId == "act_5005"));
            Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from insights_alerts where account_id = 'act_5005'"));

            using var reader = await _node.ClientAsync("acme", "analytics:read");
            var overview = await reader.GetFromJsonAsync<JsonElement>("/meta/insights/overview", Ct);
            Assert.Contains(overview.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "token_expired");
        }
        finally
        {
            Simulator.AddToken(Token);
        }
    }
}
