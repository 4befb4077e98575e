using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Simulators.MetaGraph;

namespace Silo.Media.Benchmarks;

/// <summary>
/// Issue 21's export benchmark, on the backfill's data set: one node backfills the simulated page (seed 002: 3,111 posts,
/// 5,600 attachments by default) until every post is archived; a fresh node (so its peak memory is the export's own) then
/// exports the tenant's whole archive and the archive is downloaded. Reports the export's time and throughput (posts/s, MB/s
/// of archive written), the download's, and the exporting node's peak memory and CPU.
/// </summary>
public static class ExportBenchmark
{
    public sealed record Result(string Benchmark, int Posts, int Attachments, int ImageBytes, int PostsPerSegment, int PostsExported,
        long FilesExported, long ArchiveBytes, int Segments, double ExportSeconds, double PostsPerSecond, double ExportMegabytesPerSecond,
        double DownloadSeconds, double DownloadMegabytesPerSecond, double NodePeakMemoryMb, double NodeCpuSeconds, double LoadAverage1m, string Machine);

    public static async Task<Result> RunAsync(int posts, int attachments, int imageBytes, TimeSpan timeout, IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, string>(settings) { [$"Silo:Meta:Tenants:{BackfillBenchmark.PageId}"] = "bench" };
        await using var world = await BenchWorld.StartAsync(latencyMs: 0, all, cancellationToken);
        var page = SimulatedHistory.PopulatePage(world.Graph, BackfillBenchmark.PageId, posts, attachments, new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromHours(8), imageBytes, videoBytes: imageBytes);
        var deadline = DateTime.UtcNow + timeout;

        // The data set: the page backfilled and archived, as the backfill benchmark leaves it.
        await world.StartNodesAsync(1, cancellationToken);
        var archiving = world.Nodes[0];
        archiving.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchWorld.AdminKey);
        using (var response = await archiving.Http.PostAsJsonAsync($"/api/media/pages/{BackfillBenchmark.PageId}/backfill", new { }, cancellationToken))
            if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"The backfill answered {(int)response.StatusCode}.");
        while (await world.Database.ScalarAsync<string>("select status from backfills where backfill_id = @id", ("id", $"facebook:{BackfillBenchmark.PageId}")) != "done"
               || await world.Database.ScalarAsync<long>(
                   "select count(*) from posts where status in ('success', 'skipped') or status = 'error' and next_retry_at is null") < page.Posts)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The backfill did not finish in time.");
            archiving.EnsureAlive();
            await Task.Delay(200, cancellationToken); // polling a benchmark's finish line, not synchronising a test
        }
        await archiving.DisposeAsync();
        world.Nodes.Clear();

        // The export, on a node of its own.
        await world.StartNodesAsync(1, cancellationToken);
        var node = world.Nodes[0];
        node.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchWorld.AdminKey);
        var cpuBefore = node.CpuSeconds();
        var clock = Stopwatch.StartNew();
        string location;
        using (var started = await node.Http.PostAsync("/api/media/exports?tenant=bench", null, cancellationToken))
        {
            if (started.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"The export answered {(int)started.StatusCode}.");
            location = started.Headers.Location!.OriginalString;
        }
        JsonElement view;
        while ((view = await node.Http.GetFromJsonAsync<JsonElement>(location, cancellationToken)).GetProperty("status").GetString() is "running")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The export did not finish in time.");
            node.EnsureAlive();
            await Task.Delay(100, cancellationToken); // polling a benchmark's finish line, not synchronising a test
        }
        var exportSeconds = clock.Elapsed.TotalSeconds;
        if (view.GetProperty("status").GetString() != "done") throw new InvalidOperationException($"The export ended {view}.");
        var archiveBytes = view.GetProperty("archiveBytes").GetInt64();

        clock.Restart();
        long downloaded = 0;
        // A client of its own: a large archive takes longer than the node's client allows one call.
        using var download = new HttpClient { BaseAddress = node.Address, Timeout = Timeout.InfiniteTimeSpan };
        download.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchWorld.AdminKey);
        using (var archive = await download.GetAsync(view.GetProperty("archiveUrl").GetString(), HttpCompletionOption.ResponseHeadersRead, cancellationToken))
        {
            archive.EnsureSuccessStatusCode();
            await using var body = await archive.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0) downloaded += read;
        }
        var downloadSeconds = clock.Elapsed.TotalSeconds;
        if (downloaded != archiveBytes) throw new InvalidOperationException($"The download held {downloaded} bytes of {archiveBytes}.");

        var postsExported = view.GetProperty("postsWritten").GetInt32();
        const double Mb = 1048576.0;
        return new Result("export", page.Posts, page.Attachments, imageBytes,
            settings.TryGetValue("Silo:Media:Export:PostsPerSegment", out var size) ? int.Parse(size) : 100,
            postsExported, view.GetProperty("filesWritten").GetInt64(), archiveBytes, view.GetProperty("segments").GetInt32(),
            Math.Round(exportSeconds, 2), Math.Round(postsExported / exportSeconds, 1), Math.Round(archiveBytes / Mb / exportSeconds, 2),
            Math.Round(downloadSeconds, 2), Math.Round(archiveBytes / Mb / downloadSeconds, 2),
            Math.Round(node.PeakMemoryBytes() / Mb, 1), Math.Round(node.CpuSeconds() - cpuBefore, 1), LoadAverage.OneMinute(),
            $"{Environment.ProcessorCount} cores, {Environment.OSVersion}");
    }
}
