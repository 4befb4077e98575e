using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Silo.Simulators.Patreon;

namespace Silo.Media.Benchmarks;

/// <summary>
/// Issue 22's Patreon benchmark, the page backfill's (<see cref="BackfillBenchmark"/>) for a creator: one node crawls a
/// large simulated campaign (posts of every kind in turn: text, picture, video, audio, YouTube embed; files behind a CDN
/// with <c>latencyMs</c> latency) through Patreon's API v2, optionally under a per-token limit that answers 429 with
/// <c>Retry-After</c>. Reports the time until the crawl is done and until every post has settled, the node's peak
/// memory and CPU, and the Patreon calls made against the pages and posts read (the target: one call per page and per
/// post, plus one per 429).
/// </summary>
public static class PatreonBenchmark
{
    public const string CampaignId = "7700001";

    public sealed record Result(string Benchmark, int Posts, int PageSize, int CdnLatencyMs, int TokenLimit, int TokenWindowSeconds,
        double CrawlSeconds, double AllSettledSeconds, int DetailsRead, long Archived, long Failed, int PagesRead, int PatreonCalls,
        int ListCalls, int PostCalls, int Slowdowns, int TokenLimitRefusals, long FilesStored, double NodePeakMemoryMb, double NodeCpuSeconds,
        double LoadAverage1m, string Machine);

    public static async Task<Result> RunAsync(int posts, int pageSize, int latencyMs, int tokenLimit, int tokenWindowSeconds, TimeSpan timeout,
        IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, string>(settings) { ["Silo:Media:Patreon:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var world = await BenchWorld.StartAsync(latencyMs, all, cancellationToken);
        SimulatedCampaign.Populate(world.Patreon, world.Site, CampaignId, posts, new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromHours(8), await Mp3Async(cancellationToken));
        (world.Patreon.Faults.TokenLimit, world.Patreon.Faults.TokenWindowSeconds) = (tokenLimit, tokenWindowSeconds);
        await world.StartNodesAsync(1, cancellationToken);
        var node = world.Nodes[0];
        var cpuBefore = node.CpuSeconds();
        node.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchWorld.AdminKey);

        var clock = Stopwatch.StartNew();
        using var response = await node.Http.PostAsJsonAsync($"/api/media/patreon/campaigns/{CampaignId}/crawl", new { tenant = "bench" }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"The crawl answered {(int)response.StatusCode}.");
        double crawl = 0;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var status = await world.Database.ScalarAsync<string>("select status from patreon_crawls where campaign_id = @id", ("id", CampaignId));
            if (status is "failed" or "cancelled") throw new InvalidOperationException($"The crawl ended {status}.");
            if (crawl == 0 && status == "done") crawl = clock.Elapsed.TotalSeconds;
            if (crawl > 0 && await world.Database.ScalarAsync<long>(
                    "select count(*) from posts where source = 'patreon' and status not in ('pending', 'downloading') and not (status = 'error' and next_retry_at is not null)") >= posts)
                break;
            node.EnsureAlive();
            await Task.Delay(100, cancellationToken); // polling a benchmark's finish line, not synchronising a test
        }
        var allSettled = clock.Elapsed.TotalSeconds;

        var archived = await world.Database.ScalarAsync<long>("select count(*) from posts where source = 'patreon' and status = 'success'");
        var failed = await world.Database.ScalarAsync<long>("select count(*) from posts where source = 'patreon' and status = 'error' and next_retry_at is null");
        var pagesRead = await world.Database.ScalarAsync<int>("select pages_read from patreon_crawls where campaign_id = @id", ("id", CampaignId));
        var detailsRead = await world.Database.ScalarAsync<int>("select details_read from patreon_crawls where campaign_id = @id", ("id", CampaignId));
        var slowdowns = await world.Database.ScalarAsync<int>("select slowdowns from patreon_crawls where campaign_id = @id", ("id", CampaignId));
        var listCalls = world.Patreon.Reads($"campaigns/{CampaignId}/posts");
        var postCalls = world.Patreon.Requests - listCalls - world.Patreon.Reads($"campaigns/{CampaignId}");
        return new Result("patreon", posts, pageSize, latencyMs, tokenLimit, tokenWindowSeconds, Math.Round(crawl, 2), Math.Round(allSettled, 2), detailsRead,
            archived, failed, pagesRead, world.Patreon.Requests, listCalls, postCalls, slowdowns, world.Patreon.TokenLimitRefusals,
            await world.Database.ScalarAsync<long>("select count(*) from media_files"), Math.Round(node.PeakMemoryBytes() / 1048576.0, 1),
            Math.Round(node.CpuSeconds() - cpuBefore, 1), LoadAverage.OneMinute(), $"{Environment.ProcessorCount} cores, {Environment.OSVersion}");
    }

    /// <summary>A one-second MP3 made by ffmpeg (deploy/test-tools.sh installs it): the archive probes audio, so filler bytes would fail.</summary>
    private static async Task<byte[]> Mp3Async(CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"silo-bench-{Guid.NewGuid():N}.mp3");
        try
        {
            using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050",
                "-t", "1", "-c:a", "libmp3lame", file]) { RedirectStandardError = true })!;
            await ffmpeg.WaitForExitAsync(cancellationToken);
            if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {await ffmpeg.StandardError.ReadToEndAsync(cancellationToken)}");
            return await File.ReadAllBytesAsync(file, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
