using System.Diagnostics;
using Silo.Benchmarks.Grains;
using Silo.Benchmarks.Running;

namespace Silo.Benchmarks.Orleans;

/// <summary>
/// N grains each arm a one-shot reminder (Orleans reminders are periodic: the tick unregisters it)
/// due at the same instant; each tick writes the grain's state and unregisters. Measured from that
/// instant until every tick has done both.
/// </summary>
internal static class ReminderRun
{
    public static async Task<RunFigures> RunAsync(BenchCluster cluster, BenchmarkDatabase database, int timers, int nodes, int concurrency,
        TimeSpan lead, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(1, timers).Select(i => $"r{i:D7}").ToArray();
        cluster.Recorder.Expect(timers);
        var dueAt = DateTimeOffset.UtcNow + lead;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (key, _) => await cluster.Grains.GetGrain<IBenchGrain>(key).Arm(dueAt));
        var armedBy = DateTimeOffset.UtcNow;
        if (armedBy >= dueAt)
            throw new InvalidOperationException($"Arming {timers} reminders took longer than the {lead.TotalSeconds} s lead; give a longer --lead.");

        await Task.Delay(dueAt - DateTimeOffset.UtcNow, cancellationToken);
        var before = await CpuAndCommits.ReadAsync(database, cancellationToken);
        var released = Stopwatch.StartNew();
        await cluster.Recorder.WaitAllAsync(deadline, cancellationToken);
        var wall = released.Elapsed;
        var cost = (await CpuAndCommits.ReadAsync(database, cancellationToken)).Since(before);
        var outstanding = await database.CountAsync("select count(*) from orleans_reminders", cancellationToken);
        if (outstanding != 0) throw new InvalidOperationException($"{outstanding} reminder rows remain after every tick unregistered.");
        var lateness = cluster.Recorder.LatenessMs;
        return new RunFigures("orleans", nodes, timers, Math.Round(wall.TotalSeconds, 2), Math.Round(timers / wall.TotalSeconds),
            Math.Round(Percentiles.Of(lateness, 50)), Math.Round(Percentiles.Of(lateness, 99)), Math.Round(lateness.Max()),
            Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0),
            $"Orleans 10.4.2, ADO.NET reminders and grain storage; armed in {(armedBy - (dueAt - lead)).TotalSeconds:F1} s; " +
            $"node CPU {cost.NodeCpuSeconds:F1} s, PostgreSQL CPU {cost.PostgresCpuSeconds:F1} s, {(double)cost.Commits / timers:F1} write transactions per tick");
    }
}
