using System.Net;
using Silo.Hosting.Hosting;
using Silo.Media.Tests.Support;
using Silo.Simulators.Patreon;
using Silo.Testing;
using static Silo.Media.Tests.Patreon.CrawlClient;

namespace Silo.Media.Tests.Patreon;

/// <summary>
/// A Patreon crawl whose silo is SIGKILLed in phase 2 (real `silo` processes in one database): the crawl's
/// reminder resumes it on the other silo from the last stored post, and every post and stored file exists once.
/// </summary>
public sealed class PatreonCrawlNodeKillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Posts = 20;
    private const int Pages = 4; // 5 a page

    [Fact]
    public async Task Crawl_SiloKilledInPhaseTwo_OtherSiloResumesWithoutDuplicates()
    {
        await using var world = await MediaWorld.StartAsync(database, startNode: false);
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5570001", Posts, new DateTimeOffset(2025, 11, 7, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(1),
            await RealMedia.BytesAsync("mp3"));
        world.Patreon.Faults.LatencyMs = 200;
        var settings = Settings(pageSize: 5);

        // The victim is the only silo when the crawl starts, so the crawl's grain runs there; the in-process
        // node is a gateway (an Orleans client) that only takes the request.
        await using var victim = world.StartSiloProcess(settings);
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 1, "the victim joined", TimeSpan.FromSeconds(60));
        await world.StartNodeAsync(settings, role: SiloRole.Gateway);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5570001")).StatusCode);

        await Eventually.UntilAsync(async () => await DetailsReadAsync() >= 3, "the victim has handed three posts on", TimeSpan.FromSeconds(60));
        // From now on Patreon answers 429 to every call: the crawl waits between tries, holding mid-way on the victim.
        (world.Patreon.Faults.RetryAfterSeconds, world.Patreon.Faults.RateLimitCount) = (1, -1);
        await using var survivor = world.StartSiloProcess(settings);
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 2, "the survivor joined", TimeSpan.FromSeconds(60));
        var readAtKill = await DetailsReadAsync();
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(readAtKill < Posts, $"phase 2 was over ({readAtKill} posts) before the kill");
        (world.Patreon.Faults.RateLimitCount, world.Patreon.Faults.LatencyMs) = (0, 0);

        await UntilAsync(database, "5570001", "done", TimeSpan.FromSeconds(90));
        await UntilSettledAsync(database, "5570001", TimeSpan.FromSeconds(90));
        // Resumed from the last stored step: the list was not read again, and no post was counted twice.
        Assert.Equal(Pages, world.Patreon.Reads("campaigns/5570001/posts"));
        Assert.Equal((Pages, Posts, Posts), (await database.ScalarAsync<int>("select pages_read from patreon_crawls where campaign_id = '5570001'"),
            await database.ScalarAsync<int>("select posts_found from patreon_crawls where campaign_id = '5570001'"), await DetailsReadAsync()));
        Assert.Equal((long)Posts, await database.ScalarAsync<long>("select count(*) from patreon_crawl_posts where campaign_id = '5570001' and state = 'handed'"));
        Assert.Equal((long)Posts, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'patreon:5570001%' and status = 'success'"));
        // Every file once: in media_files, in the store, and each post's own file referenced by that post alone
        // (the videos' previews are one picture, the same frames, shared by the four video posts).
        var files = await database.ScalarAsync<long>("""
            select count(*) from (select sha256 from post_media where sha256 is not null union select preview_sha256 from post_media where preview_sha256 is not null) f
            """);
        Assert.Equal(8L, await database.ScalarAsync<long>("select count(distinct sha256) from post_media where post_id like 'patreon:5570001%' and (slot like '%:video' or slot like '%:audio')"));
        Assert.Equal(files, await database.ScalarAsync<long>("select count(*) from media_files"));
        Assert.Equal(files, Directory.GetFiles(world.MediaRoot, "*", SearchOption.AllDirectories).LongLength);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "select count(*) from media_files where sha256 in (select sha256 from post_media where post_id like 'patreon:5570001%') and reference_count <> 1"));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'patreon-crawl/5570001'") == 0, "the crawl's reminder is removed");
    }

    private Task<int> DetailsReadAsync() =>
        database.ScalarAsync<int>("select coalesce((select details_read from patreon_crawls where campaign_id = '5570001'), 0)");
}
