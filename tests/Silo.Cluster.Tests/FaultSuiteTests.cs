using Silo.Cluster.Tests.Support;
using Silo.Testing;

namespace Silo.Cluster.Tests;

/// <summary>
/// Issue 7's fault suite: three <c>silo</c> processes under a mixed load (webhook posts with media,
/// two publish batches, a live-mode insights account) while faults are injected one after another;
/// afterwards it counts, from the database, the blob store and the simulators' ledgers, what was lost
/// or repeated. The fault windows are fixed durations (how long a fault lasts), never waits for a result.
/// </summary>
public sealed class FaultSuiteTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int MaxPosts = 600;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan TakeoverTarget = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MixedLoad_UnderInjectedFaults_LosesAndRepeatsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var starting = System.Diagnostics.Stopwatch.StartNew();
        await using var world = await FaultWorld.StartAsync(database, silos: 3);
        var startup = starting.Elapsed;
        try
        {
            await RunAsync(world, startup, ct);
        }
        finally
        {
            world.SaveOutputs(Path.Combine(FaultTable.ArtifactsFolder(), "fault-suite-logs"));
        }
    }

    private static async Task RunAsync(FaultWorld world, TimeSpan startup, CancellationToken ct)
    {
        var timeline = new Timeline();
        var postgres = new PostgresFaults(world.Database);
        using var admin = world.Gateway.AdminClient();
        var context = new List<ReportRow>();

        // The load: posts arrive all through the faults; a batch and the insights account start at once.
        var webhooks = new WebhookLoad(world.Simulators, world.Gateway.Address, Pace, MaxPosts);
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var abortLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sending = webhooks.RunAsync(stopSending.Token, abortLoad.Token);
        var publish = new PublishLoad(admin);
        var batches = new List<(string Name, string BatchId, int Clips)>();
        var entities = await InsightsLoad.ConnectAsync(world.Simulators, admin, ct);
        batches.Add(("a", await publish.PublishAsync("a", 6, ct), 6));
        timeline.Mark($"load started: a webhook post every {Pace.TotalMilliseconds:0} ms until the last fault, batch a (6 clips), account {InsightsLoad.AccountId} ({entities.Count} entities, live mode)");

        // 1. SIGKILL of a node mid-work (slow CDN answers keep its downloads in flight), then its restart.
        world.Simulators.CdnSlow(latencyMs: 1500);
        var victim = world.Silos[0];
        var takeover = await Takeover.KillAndMeasureAsync(world.Database, victim, minimumLeases: 3, TimeSpan.FromSeconds(60));
        timeline.Mark($"SIGKILL {victim.Name}: {takeover.GrainsHeld} grains held; all running elsewhere after {takeover.Elapsed?.TotalSeconds:0.0} s");
        world.Simulators.FaultsOff();
        timeline.Mark($"starting {victim.Name} again");
        var restarted = await world.RestartAsync(victim);
        timeline.Mark($"{restarted.Name} started and heartbeating (processes started: {restarted.Attempts})");

        // 2. Every connection of the nodes to the test database terminated.
        var terminated = await postgres.TerminateBackendsAsync();
        timeline.Mark($"pg_terminate_backend: {terminated} connections terminated");

        // 3. Vacuum pressure: a transaction idle for 15 s holding its snapshot, while the load goes on.
        var holdsSnapshot = await postgres.HoldIdleTransactionAsync(TimeSpan.FromSeconds(15), ct);
        timeline.Mark($"idle-in-transaction connection released after 15 s (snapshot held: {holdsSnapshot})");

        // 4. The simulators' faults for 15 s: 5xx, then 429, then answers held until the client times out; slow bodies throughout.
        batches.Add(("b", await publish.PublishAsync("b", 6, ct), 6));
        world.Simulators.FaultsOn();
        timeline.Mark("batch b (6 clips) started; simulator faults on: CDN 503 + slow bodies, Graph 500/rate limit, Metricool 503/429/timeout and 500 after create, Marketing API 500/code 17");
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        world.Simulators.CdnTooManyRequests(20);
        timeline.Mark("CDN 429");
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        world.Simulators.CdnHangs(true);
        timeline.Mark("CDN holds answers (timeouts)");
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        world.Simulators.FaultsOff();
        timeline.Mark("simulator faults off");

        // 5. PostgreSQL restarted while the load goes on.
        var unavailable = await postgres.RestartServerAsync(ct);
        timeline.Mark($"PostgreSQL restarted; accepting connections again after {unavailable.TotalSeconds:0.0} s");
        var faultsEndedAt = await world.Database.ScalarAsync<DateTime>("select now()");
        await stopSending.CancelAsync();
        timeline.Mark($"webhook posts stopped after {webhooks.Sent}");

        // Settle: every acknowledged post archived, both batches completed, every active entity refreshed since the last fault.
        var settled = await SettleAsync(world, webhooks, sending, faultsEndedAt, ct);
        timeline.Mark(settled ? "work settled" : $"work had not settled after {SettleDeadline.TotalSeconds:0} s");
        await abortLoad.CancelAsync();

        var ledger = new FaultLedger(world.Database, world.Simulators, world.MediaRoot);
        await ledger.CountPostsAsync(webhooks.Sent, webhooks.Acknowledged, webhooks.Redeliveries);
        await ledger.CountObjectsAsync();
        await ledger.CountClipsAsync(batches);
        await ledger.CountInsightsAsync(faultsEndedAt);
        await ledger.CountRuntimeAsync(TimeSpan.FromSeconds(10));
        foreach (var (fault, served) in world.Simulators.FaultsServed) ledger.Rows.Add(new($"fault served: {fault}", served));
        ledger.Rows.Add(new("silo processes that died without being killed", world.Silos.Count(s => s.Process.HasExited), 0));
        ledger.Rows.Add(new("grains held by the killed node", takeover.GrainsHeld));
        ledger.Rows.Add(new("seconds from SIGKILL to its grains running elsewhere",
            takeover.Elapsed?.TotalSeconds ?? double.PositiveInfinity, TakeoverTarget.TotalSeconds));
        ledger.Rows.Add(new("connections terminated by pg_terminate_backend", terminated));
        ledger.Rows.Add(new("seconds PostgreSQL refused connections (restart)", Math.Round(unavailable.TotalSeconds, 1)));
        ledger.Rows.Add(new("seconds to start 3 silo processes and the gateway", Math.Round(startup.TotalSeconds, 1)));
        ledger.Rows.Add(new("seconds from the load's start to the report", Math.Round(timeline.Elapsed.TotalSeconds)));

        var table = FaultTable.Render(ledger.Rows, timeline.Events, ledger.Details);
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        await File.WriteAllTextAsync(Path.Combine(FaultTable.ArtifactsFolder(), "fault-suite.txt"), table, ct);

        Assert.True(takeover.GrainsHeld > 0, "the killed node held no grains: the kill was not mid-work");
        Assert.True(holdsSnapshot, "the idle transaction did not hold a snapshot");
        Assert.True(settled, $"the work did not settle:\n{table}");
        var failed = ledger.Rows.Where(r => !r.Passed).Select(r => $"{r.Measure} = {r.Shown}").ToList();
        Assert.True(failed.Count == 0, $"{string.Join("; ", failed)}\n{table}");
    }

    private static async Task<bool> SettleAsync(FaultWorld world, WebhookLoad webhooks, Task sending, DateTime faultsEndedAt, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + SettleDeadline;
        if (await Task.WhenAny(sending, Task.Delay(SettleDeadline, ct)) != sending) return false;
        await sending;
        var acknowledged = webhooks.Acknowledged.Count;
        try
        {
            await Eventually.UntilAsync(async () =>
                await world.Database.TryScalarAsync<long?>("select count(*) from posts where source = 'facebook' and status = 'success'") == acknowledged
                && await world.Database.TryScalarAsync<long?>("select count(*) from publish_batches where status <> 'completed'") == 0
                && await world.Database.TryScalarAsync<long?>(
                    "select count(*) from ad_entities where status = 'ACTIVE' and (last_synced_at is null or last_synced_at < @since)",
                    ("since", faultsEndedAt)) == 0,
                "every post archived, every batch completed and every entity refreshed since the last fault",
                deadline - DateTime.UtcNow);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
