using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Silo.Simulators.MetaGraph;

namespace Silo.Media.Benchmarks;

/// <summary>
/// Issue 21's scrub benchmark on the backfill's data set (seed 002's page: 3,111 posts, 5,600 attachments by default): the
/// page is backfilled and archived by one node, which then stops; a fresh node (so its peak memory is the scrub's) runs one
/// scrub of the filesystem store. Reports the scrub's time, MB/s and files/s re-read and hashed, the objects listed, what it
/// found (nothing, on an intact store) and the scrub node's peak memory. The per-node read limit is lifted unless
/// <c>--setting Silo:Media:Scrub:BytesPerSecond=…</c> sets one.
/// </summary>
public static class ScrubBenchmark
{
    public const string PageId = "100300";

    public sealed record Result(string Benchmark, int Posts, int Attachments, int ImageBytes, long BytesPerSecondLimit, double ArchiveSeconds,
        double ScrubSeconds, int FilesChecked, long BytesChecked, int ObjectsListed, long Findings, double MegabytesPerSecond, double FilesPerSecond,
        double NodePeakMemoryMb, double NodeCpuSeconds, double LoadAverage1m, string Machine);

    public static async Task<Result> RunAsync(int posts, int attachments, int imageBytes, int latencyMs, TimeSpan timeout,
        IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, string>(settings) { [$"Silo:Meta:Tenants:{PageId}"] = "bench", ["Silo:Media:Scrub:Interval"] = "00:00:00" };
        all.TryAdd("Silo:Media:Scrub:BytesPerSecond", $"{1L << 40}");
        await using var world = await BenchWorld.StartAsync(latencyMs, all, cancellationToken);
        var page = SimulatedHistory.PopulatePage(world.Graph, PageId, posts, attachments, new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromHours(8), imageBytes, videoBytes: imageBytes);
        var deadline = DateTime.UtcNow + timeout;

        // 1. The data set: the page backfilled and archived.
        await world.StartNodesAsync(1, cancellationToken);
        var archiving = Stopwatch.StartNew();
        using (var started = await Admin(world.Nodes[0]).PostAsJsonAsync($"/api/media/pages/{PageId}/backfill", new { }, cancellationToken))
            if (started.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"The backfill answered {(int)started.StatusCode}.");
        while (await world.Database.ScalarAsync<long>("select count(*) from posts where status = 'success' or status = 'error' and next_retry_at is null") < page.Posts
               || await world.Database.ScalarAsync<string?>("select status from backfills where backfill_id = @id", ("id", $"facebook:{PageId}")) != "done")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The data set was not archived in time.");
            world.Nodes[0].EnsureAlive();
            await Task.Delay(100, cancellationToken); // polling a benchmark's finish line, not synchronising a test
        }
        var archiveSeconds = archiving.Elapsed.TotalSeconds;
        await world.Nodes[0].DisposeAsync();
        world.Nodes.Clear();

        // 2. One scrub on a fresh node.
        await world.StartNodesAsync(1, cancellationToken);
        var node = world.Nodes[0];
        var cpuBefore = node.CpuSeconds();
        var clock = Stopwatch.StartNew();
        using (var started = await Admin(node).PostAsync("/api/media/scrubs", null, cancellationToken))
            if (started.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"The scrub answered {(int)started.StatusCode}.");
        while (await world.Database.ScalarAsync<string?>("select status from scrub_runs where run = 1") is null or "running")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The scrub did not end in time.");
            node.EnsureAlive();
            await Task.Delay(50, cancellationToken); // polling a benchmark's finish line, not synchronising a test
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var files = await world.Database.ScalarAsync<int>("select files_checked from scrub_runs where run = 1");
        var bytes = await world.Database.ScalarAsync<long>("select bytes_checked from scrub_runs where run = 1");
        return new Result("scrub", page.Posts, page.Attachments, imageBytes, long.Parse(all["Silo:Media:Scrub:BytesPerSecond"]), Math.Round(archiveSeconds, 2),
            Math.Round(seconds, 2), files, bytes, await world.Database.ScalarAsync<int>("select objects_listed from scrub_runs where run = 1"),
            await world.Database.ScalarAsync<long>("select count(*) from scrub_findings where run = 1"), Math.Round(bytes / 1048576.0 / seconds, 2),
            Math.Round(files / seconds, 1), Math.Round(node.PeakMemoryBytes() / 1048576.0, 1), Math.Round(node.CpuSeconds() - cpuBefore, 1),
            LoadAverage.OneMinute(), $"{Environment.ProcessorCount} cores, {Environment.OSVersion}");
    }

    private static HttpClient Admin(BenchNode node)
    {
        node.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchWorld.AdminKey);
        return node.Http;
    }
}
