using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Insights.Tests.Simulators;
using Silo.Simulators.MetaAds;
using Silo.Testing;

namespace Silo.Insights.Tests.Reports;

/// <summary>
/// A report whose run meets an error nobody expected. Its own class, so its database is its own: the
/// test renames a table under the running report, and no other test may hold that table meanwhile.
/// </summary>
public sealed class AccountReportFailureTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Token = "sim-token-reports";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long _firstId = 130_000_000_000;

    private MetaAdsSimulatorHost _host = null!;
    private TestNode _node = null!;

    private MetaAdsSimulator Simulator => _host.Simulator;

    public async ValueTask InitializeAsync()
    {
        _host = await MetaAdsSimulatorHost.StartAsync(Interlocked.Add(ref _firstId, 1_000_000));
        Simulator.AddToken(Token);
        try
        {
            _node = await TestNode.StartAsync(database.ConnectionString, settings: AccountReportTests.NodeSettings(_host.BaseUrl));
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
    public async Task SyncNow_DatabaseErrorWhileReportRuns_ReportEndsFailedInsteadOfHanging()
    {
        // Seen in the fault suite: PostgreSQL restarting under the report's read of its account threw
        // an error the run did not expect; the run (a one-shot timer) died, and every entity waited on
        // a report that never ended, so the account was never refreshed again.
        var entities = Simulator.AddAccount("act_9107", campaigns: 1, adSets: 1, ads: 1);
        await _node.ConnectAsync(database, "act_9107", "acme", entities.Count);
        Simulator.SetFaults(new MetaAdsFaults { JobPolls = 1_000_000 });
        using var admin = _node.AdminClient();
        var syncing = admin.PostAsJsonAsync("/meta/insights/sync-now",
            new { days_back = 1, force = true, entity_ids = new[] { entities[0].Id } }, Ct);
        await Eventually.UntilAsync(async () => syncing.IsCompleted
                ? throw new InvalidOperationException($"the sync ended before its report was polled: {await (await syncing).Content.ReadAsStringAsync(Ct)}")
                : Simulator.ReportJobs("act_9107").Select(j => j.Level).Distinct().Count() == entities.Count,
            "a report job per level (campaign, ad set, ad) is being polled");

        // Every level's entity is now inside its report's long poll, so only the reports read the
        // account next (an entity reading it itself would fail its step and wait for the backstop).
        // The account's table gone from under the polling runs: their next read of the account fails.
        await database.ExecuteAsync("alter table ad_accounts rename to ad_accounts_away");
        HttpResponseMessage response;
        try
        {
            response = await syncing;
        }
        finally
        {
            await database.ExecuteAsync("alter table ad_accounts_away rename to ad_accounts");
        }

        // Answered as a finished sync (200), not as one still running when the wait ran out (202).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(report.GetProperty("success").GetBoolean());
    }
}
