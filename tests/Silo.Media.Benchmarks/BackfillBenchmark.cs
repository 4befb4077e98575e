using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Silo.Simulators.MetaGraph;

namespace Silo.Media.Benchmarks;

/// <summary>
/// Issue 12's benchmark: one node backfills a simulated page (seed 002: 3,111 posts, 5,600 attachments) whose
/// images are <c>imageBytes</c> each behind a CDN with <c>latencyMs</c> latency. Reports the time until the
/// walk is done and until every post is archived, the node's peak memory, and the Graph API calls made
/// against the pages read (the target: no more calls than pages read plus link refreshes).
/// </summary>
public static class BackfillBenchmark
{
    public const string PageId = "100300";

    public sealed record Result(string Benchmark, int Posts, int Attachments, int ImageBytes, int CdnLatencyMs, int PageSize,
        double WalkSeconds, double AllArchivedSeconds, int Archived, int Failed, int PagesRead, int GraphCalls, int GraphListCalls,
        int GraphLinkRefreshes, long FilesStored, long BytesStored, double NodePeakMemoryMb, double NodeCpuSeconds, double LoadAverage1m,
        string Machine);

    public static async Task<Result> RunAsync(int posts, int attachments, int imageBytes, int latencyMs, TimeSpan timeout,
        IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, string>(settings) { [$"Silo:Meta:Tenants:{PageId}"] = "bench" };
        await using var world = await BenchWorld.StartAsync(latencyMs, all, cancellationToken);
        var page = SimulatedHistory.PopulatePage(world.Graph, PageId, posts, attachments, new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromHours(8), imageBytes, videoBytes: imageBytes);
        await world.StartNodesAsync(1, cancellationToken);
        var node = world.Nodes[0];
        var cpuBefore = node.CpuSeconds();
        node.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchWorld.AdminKey);

        var clock = Stopwatch.StartNew();
        using var response = await node.Http.PostAsJsonAsync($"/api/media/pages/{PageId}/backfill", new { }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"The backfill answered {(int)response.StatusCode}.");
        double walk = 0;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (walk == 0 && await world.Database.ScalarAsync<string>("select status from backfills where backfill_id = @id", ("id", $"facebook:{PageId}")) == "done")
                walk = clock.Elapsed.TotalSeconds;
            if (walk > 0 && await world.Database.ScalarAsync<long>(
                    "select count(*) from posts where status = 'success' or status = 'error' and next_retry_at is null") >= posts)
                break;
            node.EnsureAlive();
            await Task.Delay(100, cancellationToken); // polling a benchmark's finish line, not synchronising a test
        }
        var allArchived = clock.Elapsed.TotalSeconds;

        var archived = (int)await world.Database.ScalarAsync<long>("select count(*) from posts where status = 'success'");
        var failed = (int)await world.Database.ScalarAsync<long>("select count(*) from posts where status = 'error' and next_retry_at is null");
        var pagesRead = await world.Database.ScalarAsync<int>("select pages_read from backfills where backfill_id = @id", ("id", $"facebook:{PageId}"));
        var listCalls = world.Graph.Reads(PageId);
        return new Result("backfill", page.Posts, page.Attachments, imageBytes, latencyMs, settings.TryGetValue("Silo:Media:Backfill:PageSize", out var size) ? int.Parse(size) : 100,
            Math.Round(walk, 2), Math.Round(allArchived, 2), archived, failed, pagesRead, world.Graph.Requests, listCalls, world.Graph.Requests - listCalls,
            await world.Database.ScalarAsync<long>("select count(*) from media_files"), await world.Database.ScalarAsync<long>("select coalesce(sum(size), 0) from media_files"),
            Math.Round(node.PeakMemoryBytes() / 1048576.0, 1), Math.Round(node.CpuSeconds() - cpuBefore, 1), LoadAverage.OneMinute(),
            $"{Environment.ProcessorCount} cores, {Environment.OSVersion}");
    }
}
