using System.Diagnostics;
using System.Net;
using Silo.Simulators.MetaCdn;

namespace Silo.Media.Benchmarks;

/// <summary>
/// N photo posts, each announced by a signed webhook (round-robin over the nodes) and each with its
/// own image on the CDN simulator: posts/s from the first webhook sent to the last post archived,
/// per-post latency from its webhook accepted to its archived_at, and each node's peak memory.
/// </summary>
public static class PostsBenchmark
{
    public sealed record Result(
        string Benchmark, int Nodes, int Posts, int ImageBytes, int CdnLatencyMs, int Concurrency,
        int Archived, int Failed, int Redelivered, double SendSeconds, double TotalSeconds, double PostsPerSecond,
        double LatencyP50Ms, double LatencyP99Ms, double LatencyMaxMs, double AckP50Ms, double AckP99Ms,
        double[] NodePeakMemoryMb, double NodeCpuMsPerPost, double DatabaseCpuMsPerPost, double BenchmarkCpuMsPerPost, double LoadAverage1m, DatabaseActivity Database);

    public static async Task<Result> RunAsync(int nodes, int posts, int imageBytes, int latencyMs, int concurrency, TimeSpan timeout,
        IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        await using var world = await BenchWorld.StartAsync(latencyMs, settings, cancellationToken);
        await world.StartNodesAsync(nodes, cancellationToken);
        for (var i = 0; i < posts; i++) world.Cdn.AddFile($"b{i}.png", SampleMedia.Image($"b{i}.png", imageBytes));

        var nodeCpuBefore = world.Nodes.Sum(n => n.CpuSeconds());
        var databaseCpuBefore = await ProcessCpu.DatabaseBackendsAsync(world.Database);
        var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var accepted = new DateTimeOffset[posts];
        var acks = new double[posts];
        var next = -1;
        var redelivered = 0;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < posts; i = Interlocked.Increment(ref next))
            {
                var node = world.Nodes[i % world.Nodes.Count];
                var sent = Stopwatch.GetTimestamp();
                // Like Meta, redeliver (the same bytes, recognised by the post grain) after a 5xx; a few times at most.
                for (var attempt = 1; ; attempt++)
                {
                    using var request = world.PhotoWebhook(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"b{i}.png");
                    using var response = await node.Http.SendAsync(request, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK) break;
                    if ((int)response.StatusCode < 500 || attempt == 5)
                        throw new InvalidOperationException($"Webhook {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    Interlocked.Increment(ref redelivered);
                    await Task.Delay(200 * attempt, cancellationToken);
                }
                acks[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                accepted[i] = DateTimeOffset.UtcNow;
            }
        }));
        var sendSeconds = clock.Elapsed.TotalSeconds;

        var (archived, failed) = await BenchQueries.WaitForPostsAsync(world.Database, posts, timeout, cancellationToken);
        var nodeCpu = world.Nodes.Sum(n => n.CpuSeconds()) - nodeCpuBefore;
        var databaseCpu = ProcessCpu.Delta(databaseCpuBefore, await ProcessCpu.DatabaseBackendsAsync(world.Database));
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - ownCpuBefore;
        world.Nodes.ForEach(n => n.EnsureAlive());
        var archivedAt = await BenchQueries.ArchivedAtAsync(world.Database);
        var latencies = Percentiles.Sorted(Enumerable.Range(0, posts)
            .Where(i => archivedAt.ContainsKey(BenchWorld.PostKey(i.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Select(i => (archivedAt[BenchWorld.PostKey(i.ToString(System.Globalization.CultureInfo.InvariantCulture))] - accepted[i]).TotalMilliseconds));
        var last = archivedAt.Count == 0 ? started : archivedAt.Values.Max();
        var total = (last - started).TotalSeconds;
        var ackSorted = Percentiles.Sorted(acks);
        return new Result("posts", nodes, posts, imageBytes, latencyMs, concurrency, archived, failed, redelivered, Math.Round(sendSeconds, 2), Math.Round(total, 2),
            Math.Round(archived / total, 1), Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), latencies.Count == 0 ? double.NaN : Math.Round(latencies[^1], 1),
            Percentiles.Of(ackSorted, 50), Percentiles.Of(ackSorted, 99),
            [.. world.Nodes.Select(n => Math.Round(n.PeakMemoryBytes() / 1048576.0, 1))],
            Math.Round(nodeCpu * 1000 / posts, 2), Math.Round(databaseCpu * 1000 / posts, 2), Math.Round(ownCpu * 1000 / posts, 2), LoadAverage.OneMinute(),
            await DatabaseActivity.ReadAsync(world.Database));
    }
}
