using System.Collections.Concurrent;
using System.Diagnostics;
using Silo.Benchmarks.Grains;
using Silo.Benchmarks.Running;

namespace Silo.Benchmarks.Orleans;

/// <summary>
/// N grains, each called once per round, each call persisting its state before it answers. Round 1
/// activates every grain (state read, then written); round 2 finds them active (written only).
/// </summary>
internal static class GrainCallRun
{
    public sealed record Round(string Name, int Calls, double WallSeconds, double CallsPerSecond, double LatencyP50Ms, double LatencyP99Ms,
        double NodeCpuSeconds, double PostgresCpuSeconds, double WriteTransactionsPerCall);

    public static async Task<Round> RunAsync(string name, BenchCluster cluster, BenchmarkDatabase database, string[] keys, int concurrency,
        CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentQueue<double>();
        var before = await CpuAndCommits.ReadAsync(database, cancellationToken);
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (key, _) =>
            {
                var started = Stopwatch.GetTimestamp();
                await cluster.Grains.GetGrain<IBenchGrain>(key).Touch();
                latencies.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            });
        wall.Stop();
        var cost = (await CpuAndCommits.ReadAsync(database, cancellationToken)).Since(before);
        return new Round(name, keys.Length, Math.Round(wall.Elapsed.TotalSeconds, 2), Math.Round(keys.Length / wall.Elapsed.TotalSeconds),
            Math.Round(Percentiles.Of(latencies, 50), 1), Math.Round(Percentiles.Of(latencies, 99), 1),
            Math.Round(cost.NodeCpuSeconds, 2), Math.Round(cost.PostgresCpuSeconds, 2), Math.Round((double)cost.Commits / keys.Length, 2));
    }
}
