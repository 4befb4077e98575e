using System.Diagnostics;
using System.Net;
using Silo.Simulators.MetaCdn;

namespace Silo.Media.Benchmarks;

/// <summary>
/// Webhook acknowledgement latency under an open-loop load: requests are scheduled at a fixed rate
/// and each latency is measured from its scheduled time (a slow answer does not slow the sender, so
/// queueing is not hidden). Each webhook is a photo post, so the node archives while it acknowledges;
/// with <c>withMedia: false</c> each is a story (no message), which the post grain records as skipped
/// without downloading, isolating the acknowledgement path.
/// </summary>
public static class AckLatencyBenchmark
{
    public sealed record Result(string Benchmark, bool WithMedia, int TargetRatePerSecond, int Requests, int Ok, int Failed, double SendSeconds,
        double AchievedRatePerSecond, double AckP50Ms, double AckP99Ms, double AckMaxMs, int Archived, double NodePeakMemoryMb, double LoadAverage1m);

    public static async Task<Result> RunAsync(int rate, int seconds, bool withMedia, int imageBytes, int latencyMs, TimeSpan timeout,
        IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        await using var world = await BenchWorld.StartAsync(latencyMs, settings, cancellationToken);
        await world.StartNodesAsync(1, cancellationToken);
        var node = world.Nodes[0];
        var count = rate * seconds;
        for (var i = 0; i < count; i++) world.Cdn.AddFile($"a{i}.png", SampleMedia.Image($"a{i}.png", imageBytes));

        var latencies = new double[count];
        var failed = 0;
        var inFlight = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, bound.Token);
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    using var request = withMedia ? world.PhotoWebhook($"7{index}", $"a{index}.png") : BenchWorld.StoryWebhook($"7{index}");
                    using var response = await node.Http.SendAsync(request, bound.Token);
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failed);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            }, bound.Token));
        }
        await Task.WhenAll(inFlight);
        var sendSeconds = clock.Elapsed.TotalSeconds;
        var (archived, _) = withMedia ? await BenchQueries.WaitForPostsAsync(world.Database, count, timeout, cancellationToken) : (0, 0);
        node.EnsureAlive();
        var sorted = Percentiles.Sorted(latencies);
        return new Result("ack", withMedia, rate, count, count - failed, failed, Math.Round(sendSeconds, 2), Math.Round(count / sendSeconds, 1),
            Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), Math.Round(sorted[^1], 1), archived,
            Math.Round(node.PeakMemoryBytes() / 1048576.0, 1), LoadAverage.OneMinute());
    }
}
