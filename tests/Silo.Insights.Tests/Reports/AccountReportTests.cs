using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Hosting.Hosting;
using Silo.Insights.Tests.Simulators;
using Silo.Simulators.MetaAds;
using Silo.Testing;

namespace Silo.Insights.Tests.Reports;

/// <summary>
/// Live mode at account scale: one async report per account and level, counted by the Meta Ads simulator.
/// The node waits on a <see cref="WaitSkippingClock"/> the simulator stamps its requests from, so the
/// spacing of its calls is measured in fake time, exactly, and no test waits for a pause in real time.
/// </summary>
public sealed class AccountReportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Token = "sim-token-reports";
    private const string AppSecret = "sim-app-secret-reports";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long _firstId = 130_000_000_000;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RateLimitRetryDelay = TimeSpan.FromSeconds(1.5);

    private readonly WaitSkippingClock _clock = new(DateTimeOffset.UtcNow, maxSkip: TimeSpan.FromMinutes(1));
    private MetaAdsSimulatorHost _host = null!;
    private TestNode _node = null!;

    private MetaAdsSimulator Simulator => _host.Simulator;

    public async ValueTask InitializeAsync()
    {
        _host = await MetaAdsSimulatorHost.StartAsync(Interlocked.Add(ref _firstId, 1_000_000), _clock);
        try
        {
            Simulator.AddToken(Token);
            _node = await TestNode.StartAsync(database.ConnectionString, settings: NodeSettings(_host.BaseUrl),
                services: s => s.AddKeyedSingleton<TimeProvider>(SiloClock.Key, _clock));
        }
        catch
        {
            // The simulator started already; the node cleaned up after itself.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A live-mode node on the simulator at <paramref name="graphBaseUrl"/>, syncing only when told.</summary>
    internal static Dictionary<string, string?> NodeSettings(Uri graphBaseUrl) => new()
    {
        ["META_INSIGHTS_MODE"] = "live",
        ["Silo:Insights:SyncEnabled"] = "false",
        ["Silo:Insights:GraphBaseUrl"] = graphBaseUrl.ToString(),
        ["Silo:Insights:ReportPollInterval"] = "00:00:00.050",
        ["Silo:Insights:SyncNowWait"] = "00:00:40",
        ["META_API_RATE_LIMIT_RETRY_DELAY"] = "1.5",
        ["META_ACCESS_TOKEN"] = Token,
        ["META_APP_SECRET"] = AppSecret,
        // The dashboard's pacing wait (half its refresh interval) is a one-shot timer on the node's clock too:
        // at its 2 s default the clock would skip a second now and then beside the waits being measured.
        // Past the clock's one-minute skip limit it is never skipped.
        ["Silo:Dashboard:RefreshInterval"] = "00:05:00",
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
    public async Task SyncNow_WholeAccount_AsksOneReportPerLevelAndStoresEveryEntitysRows()
    {
        var entities = Simulator.AddAccount("act_9101", campaigns: 3, adSets: 2, ads: 2);
        await _node.ConnectAsync(database, "act_9101", "acme", entities.Count);
        Simulator.ClearRequests();

        // The account's campaigns bring their ad sets and ads (the class's database holds other accounts too).
        var campaigns = entities.Where(e => e.Level == "campaign").Select(e => e.Id).ToArray();
        var report = await SyncNowAsync(new { days_back = 5, force = true, entity_ids = campaigns });

        Assert.True(report.GetProperty("success").GetBoolean());
        Assert.Equal(3, report.GetProperty("campaigns").GetProperty("success").GetInt32());
        Assert.Equal(6, report.GetProperty("adsets").GetProperty("success").GetInt32());
        Assert.Equal(12, report.GetProperty("ads").GetProperty("success").GetInt32());
        // One job per level, on the account itself, daily rows over the 5 days: not one job per entity (21).
        var jobs = Simulator.ReportJobs("act_9101");
        Assert.Equal(["ad", "adset", "campaign"], jobs.Select(j => j.Level).Order().ToArray());
        Assert.All(jobs, j => Assert.Equal("act_9101", j.ObjectId));
        Assert.All(jobs, j => Assert.Equal(1, j.TimeIncrement));
        Assert.All(jobs, j => Assert.Equal(4, j.Until.DayNumber - j.Since.DayNumber));
        var requests = Simulator.Requests.Where(r => r.AccountId == "act_9101").ToList();
        Assert.Equal(3, requests.Count(r => r.Method == "POST"));
        // Per level: the job, its polls (2 running, 1 completed) and one page of rows.
        Assert.Equal(3 * (1 + 3 + 1), Simulator.Calls("act_9101"));
        Assert.Equal(21L * 5, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_9101'"));
        Assert.Equal(3 * 5, report.GetProperty("campaigns").GetProperty("rows_inserted").GetInt64());
        Assert.Equal(12 * 5, report.GetProperty("ads").GetProperty("rows_inserted").GetInt64());
        Assert.Equal(0, report.GetProperty("ads").GetProperty("rows_updated").GetInt64());
    }

    [Fact]
    public async Task SyncNow_SameDaysAgain_ReportsPerLevelRowsUpdatedNotInserted()
    {
        var entities = Simulator.AddAccount("act_9105", campaigns: 1, adSets: 2, ads: 1);
        await _node.ConnectAsync(database, "act_9105", "acme", entities.Count);
        await SyncNowAsync(new { days_back = 3, force = true, entity_ids = new[] { entities[0].Id } });

        var again = await SyncNowAsync(new { days_back = 4, force = true, entity_ids = new[] { entities[0].Id } });

        // The 3 days stored by the first sync are updated, the 4th is new: per level, 1 inserted and 3 updated per entity.
        Assert.Equal(1, again.GetProperty("campaigns").GetProperty("rows_inserted").GetInt64());
        Assert.Equal(3, again.GetProperty("campaigns").GetProperty("rows_updated").GetInt64());
        Assert.Equal(2, again.GetProperty("adsets").GetProperty("rows_inserted").GetInt64());
        Assert.Equal(6, again.GetProperty("adsets").GetProperty("rows_updated").GetInt64());
        Assert.Equal(2, again.GetProperty("ads").GetProperty("rows_inserted").GetInt64());
        Assert.Equal(6, again.GetProperty("ads").GetProperty("rows_updated").GetInt64());
    }

    [Fact]
    public async Task SyncNow_LiveAccount_StoresReachAsReportedAtEachLevelNeverSummed()
    {
        var entities = Simulator.AddAccount("act_9102", campaigns: 1, adSets: 1, ads: 3);
        await _node.ConnectAsync(database, "act_9102", "acme", entities.Count);

        await SyncNowAsync(new { days_back = 1, force = true, entity_ids = new[] { entities[0].Id } });

        var campaign = entities.Single(e => e.Level == "campaign");
        // The node's day (its database's), as it asked the report: not this process's clock, which may have passed midnight since.
        var today = Simulator.ReportJobs("act_9102").Single(j => j.Level == "campaign").Until;
        var adReach = entities.Where(e => e.Level == "ad").Sum(e => MetaAdsSimulator.Figures(e.Id, today).Reach);
        var stored = await database.ScalarAsync<long>(
            "select reach from meta_ad_insights where campaign_id = @c and entity_type = 'campaign' and date_start = @d", ("c", campaign.Id), ("d", today));
        Assert.Equal(MetaAdsSimulator.Figures(campaign.Id, today).Reach, stored);
        Assert.NotEqual(adReach, stored);
    }

    [Fact]
    public async Task SyncNow_JobFailsForLargeRange_AsksAgainInHalvesAndStoresEveryDay()
    {
        var entities = Simulator.AddAccount("act_9103", campaigns: 1, adSets: 1, ads: 2);
        await _node.ConnectAsync(database, "act_9103", "acme", entities.Count);
        Simulator.SetFaults(new MetaAdsFaults { FailJobsOverDays = 14 });

        var report = await SyncNowAsync(new { days_back = 28, force = true, entity_ids = new[] { entities[0].Id } });

        Assert.True(report.GetProperty("success").GetBoolean());
        var jobs = Simulator.ReportJobs("act_9103");
        // Per level: the 28-day job failed, its two 14-day halves completed.
        Assert.Equal(9, jobs.Count);
        Assert.All(jobs.GroupBy(j => j.Level), level => Assert.Equal([14, 14, 28],
            level.Select(j => j.Until.DayNumber - j.Since.DayNumber + 1).Order().ToArray()));
        Assert.Equal(4L * 28, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_9103'"));
    }

    [Fact]
    public async Task SyncNow_AppRequiringAppSecretProof_EveryCallCarriesItAndTheReportIsStored()
    {
        var entities = Simulator.AddAccount("act_9117", campaigns: 1, adSets: 0, ads: 0);
        // The app's dashboard has "Require App Secret" on: a call without the token's proof is refused (code 100).
        Simulator.AppSecret = AppSecret;
        await _node.ConnectAsync(database, "act_9117", "acme", entities.Count);

        var report = await SyncNowAsync(new { days_back = 1, force = true, entity_ids = new[] { entities[0].Id } });

        Assert.True(report.GetProperty("success").GetBoolean());
        var calls = Simulator.Requests.Where(r => r.AccountId == "act_9117").ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task SyncNow_UsageAtPauseTier_StartsNoReportBeforeThePauseEnds()
    {
        // A campaign alone: one report grain, so the clock moves by its waits only.
        var entities = Simulator.AddAccount("act_9104", campaigns: 1, adSets: 0, ads: 0);
        await _node.ConnectAsync(database, "act_9104", "acme", entities.Count);
        Simulator.SetFaults(new MetaAdsFaults { UsagePercent = 88 });
        // One call at 88 % (a discovery) records the usage the report grains read.
        await _node.ConnectAsync(database, "act_9104", "acme", entities.Count);
        await Eventually.UntilAsync(async () =>
                await database.ScalarAsync<decimal>("select coalesce(usage_percent, 0) from ad_account_status where account_id = 'act_9104'") == 88m,
            "the 88 % usage is recorded");
        Assert.Empty(Simulator.ReportJobs("act_9104"));
        var asked = _clock.GetUtcNow();

        var report = await SyncNowAsync(new { days_back = 1, force = true, entity_ids = new[] { entities[0].Id } });

        Assert.True(report.GetProperty("success").GetBoolean());
        Assert.Single(Simulator.ReportJobs("act_9104"));
        // Paused for RateLimitRetryDelay (1.5 s, in poll intervals) before starting the job, then one slowed
        // call's poll interval (88 % is past the 70 % tier too); no hold, no error. Without the pause: 50 ms.
        var firstPost = Simulator.Requests.Where(r => r.AccountId == "act_9104" && r.Method == "POST").Min(r => r.At);
        Assert.Equal(RateLimitRetryDelay + PollInterval, firstPost - asked);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ad_account_status where account_id = 'act_9104' and throttled_until is not null"));
    }

    [Fact]
    public async Task SyncNow_UsageAtSlowTier_WaitsAPollIntervalMoreBetweenCallsWithoutHold()
    {
        // A campaign alone: one report grain, so the clock moves by its waits only.
        var entities = Simulator.AddAccount("act_9106", campaigns: 1, adSets: 0, ads: 0);
        Simulator.SetFaults(new MetaAdsFaults { UsagePercent = 75, JobPolls = 3 });
        await _node.ConnectAsync(database, "act_9106", "acme", entities.Count);
        await Eventually.UntilAsync(async () =>
                await database.ScalarAsync<decimal>("select coalesce(usage_percent, 0) from ad_account_status where account_id = 'act_9106'") == 75m,
            "the 75 % usage is recorded");
        Simulator.ClearRequests();

        var report = await SyncNowAsync(new { days_back = 1, force = true, entity_ids = new[] { entities[0].Id } });

        Assert.True(report.GetProperty("success").GetBoolean());
        // The job's calls: its start, four polls (three running, one completed) and the page of rows, each after the
        // slow tier's one poll interval more; the polls after the first are a poll interval (50 ms) apart besides.
        // Without the slow tier: 0, 50, 50, 50, 0 ms.
        var calls = Simulator.Requests.Where(r => r.AccountId == "act_9106").OrderBy(r => r.At).ToList();
        Assert.Equal(["POST", "GET", "GET", "GET", "GET", "GET"], calls.Select(r => r.Method).ToArray());
        Assert.Equal([PollInterval, 2 * PollInterval, 2 * PollInterval, 2 * PollInterval, PollInterval],
            calls.Zip(calls.Skip(1), (first, second) => second.At - first.At).ToArray());
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ad_account_status where account_id = 'act_9106' and throttled_until is not null"));
    }
}
