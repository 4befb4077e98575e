using System.Diagnostics;
using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Issue 19's proof that a 2xx means stored: a <see cref="BurstLoad"/> in flight while a silo is SIGKILLed (once
/// <see cref="KillAfter"/> deliveries were acknowledged), then a wait, with a deadline, until every acknowledged
/// delivery's post is archived. A delivery acknowledged and never archived is lost; a 5xx is an honest refusal, which
/// Meta redelivers, and is bounded so the front door stays open while a node dies.
/// </summary>
public static class BurstPhase
{
    public const int KillAfter = 200;
    public const int RefusalLimit = 50;
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(300);

    public sealed record Result(int Acknowledged, int ServerErrors, int OtherwiseRefused, IReadOnlyList<string> Lost, TimeSpan? ArchivedAfterKill);

    public static async Task<Result> RunAsync(FaultWorld world, SiloProcess victim, Timeline timeline, CancellationToken ct)
    {
        var burst = new BurstLoad(world.Simulators, world.Gateway.Address, KillAfter);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        abort.CancelAfter(Deadline);
        var started = Stopwatch.StartNew();
        var sending = burst.RunAsync(abort.Token);
        timeline.Mark($"burst: {BurstLoad.Deliveries} webhooks, {BurstLoad.InFlight} in flight, SIGKILL {victim.Name} after {KillAfter} acknowledged");
        // Ended by the sending too, so a burst that fails early fails here with its own error.
        await Task.WhenAny(burst.MarkReached, sending).WaitAsync(TimeSpan.FromSeconds(60), ct);
        var acknowledgedAtKill = burst.AcknowledgedCount;
        await victim.KillAsync();
        var killed = Stopwatch.StartNew();
        timeline.Mark($"burst: SIGKILL {victim.Name} with {acknowledgedAtKill} acknowledged");

        try { await sending; }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
        timeline.Mark($"burst: {burst.AcknowledgedCount} of {BurstLoad.Deliveries} acknowledged; {burst.ServerErrors} answers were 5xx and " +
            $"{burst.OtherwiseRefused} deliveries unanswered or refused otherwise, each delivered again");

        var acknowledged = burst.Acknowledged.ToArray();
        TimeSpan? archivedAfterKill = null;
        try
        {
            await Eventually.UntilAsync(async () => await world.Database.TryScalarAsync<long?>(
                    "select count(*) from posts where source = 'facebook' and source_post_id = any(@ids) and status = 'success'",
                    ("ids", acknowledged)) == acknowledged.Length,
                "every acknowledged burst delivery's post is archived", Remaining(started));
            archivedAfterKill = killed.Elapsed;
            timeline.Mark($"burst: every acknowledged post archived, {archivedAfterKill.Value.TotalSeconds:0} s after the kill");
        }
        catch (TimeoutException)
        {
            timeline.Mark($"burst: acknowledged posts not all archived {Deadline.TotalSeconds:0} s after the burst started");
        }

        var archived = await world.Database.RowsAsync(
            "select source_post_id from posts where source = 'facebook' and source_post_id = any(@ids) and status = 'success'", ("ids", acknowledged));
        var lost = acknowledged.Except(archived.Select(r => (string)r[0]!)).Order(StringComparer.Ordinal).ToList();
        return new Result(acknowledged.Length, burst.ServerErrors, burst.OtherwiseRefused, lost, archivedAfterKill);
    }

    /// <summary>The burst's rows of the report.</summary>
    public static IEnumerable<ReportRow> Rows(Result result) =>
    [
        new("burst: deliveries acknowledged", result.Acknowledged, Minimum: BurstLoad.Deliveries),
        new("burst: deliveries refused (5xx) during the kill", result.ServerErrors, RefusalLimit),
        new("burst: deliveries unanswered or refused otherwise, redelivered", result.OtherwiseRefused),
        new("burst: acknowledged but lost", result.Lost.Count, 0),
        new("burst: seconds from SIGKILL to every acknowledged post archived",
            Math.Round(result.ArchivedAfterKill?.TotalSeconds ?? double.PositiveInfinity)),
    ];

    private static TimeSpan Remaining(Stopwatch started) => Deadline - started.Elapsed > TimeSpan.Zero ? Deadline - started.Elapsed : TimeSpan.Zero;
}
