using System.Net;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaGraph;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Backfill;

/// <summary>A page backfill against the Graph and CDN simulators and a real PostgreSQL: the walk, its range, its controls.</summary>
public sealed class PageBackfillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Newest = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Backfill_WholePage_EveryPostHandedOnOnceAndArchived()
    {
        await using var world = await MediaWorld.StartAsync(database, BackfillClient.Settings("310001"));
        var page = SimulatedHistory.PopulatePage(world.Graph, "310001", posts: 110, attachments: 200, Newest, TimeSpan.FromHours(6), imageBytes: 2048, videoBytes: 4096);

        var response = await BackfillClient.PostAsync(world, "/api/media/pages/310001/backfill");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/media/pages/310001/backfill", response.Headers.Location?.ToString());
        await BackfillClient.UntilAsync(database, "facebook:310001", "done");
        await BackfillClient.UntilSettledAsync(database, "facebook:310001", TimeSpan.FromSeconds(60));
        var status = await BackfillClient.StatusAsync(world, "/api/media/pages/310001/backfill");
        Assert.Equal("done", status.GetProperty("status").GetString());
        Assert.Equal(5, status.GetProperty("pagesRead").GetInt32()); // 110 posts, 25 a page
        Assert.Equal(110, status.GetProperty("postsFound").GetInt32());
        // Status updates have nothing to download: stored and done (success) like any post with its media archived.
        Assert.Equal(110, status.GetProperty("archived").GetInt64());
        Assert.Equal(0, status.GetProperty("skipped").GetInt64());
        Assert.Equal(0, status.GetProperty("failed").GetInt64());
        Assert.Equal(page.Oldest, status.GetProperty("oldestReached").GetDateTimeOffset());
        Assert.Equal(5, world.Graph.Requests); // one Graph call per page read, none per post
        Assert.Equal(110L, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'fb:310001\\_%'"));
        // Every file stored once (each attachment, and each video's thumbnail), although full_picture repeats a file of each post.
        Assert.Equal(200L + page.Videos, await database.ScalarAsync<long>("""
            select count(distinct m.sha256) from post_media m where m.post_id like 'fb:310001\_%' and m.status = 'success'
            """));
        var album = await world.GetPostAsync("fb:310001_9000003");
        Assert.Contains(album.GetProperty("media").EnumerateArray(), m => m.GetProperty("slot").GetString() == "subattachment:0:1");
    }

    [Fact]
    public async Task Backfill_SinceAndUntil_OnlyPostsInTheRange()
    {
        await using var world = await MediaWorld.StartAsync(database, BackfillClient.Settings("310002"));
        SimulatedHistory.PopulatePage(world.Graph, "310002", posts: 60, attachments: 100, Newest, TimeSpan.FromDays(1), imageBytes: 2048, videoBytes: 4096);
        var (since, until) = (Newest.AddDays(-39), Newest.AddDays(-10)); // posts 10..39

        var response = await BackfillClient.PostAsync(world, "/api/media/pages/310002/backfill", new { since, until });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:310002", "done");
        var status = await BackfillClient.StatusAsync(world, "/api/media/pages/310002/backfill");
        Assert.Equal(30, status.GetProperty("postsFound").GetInt32());
        Assert.Equal(since, status.GetProperty("oldestReached").GetDateTimeOffset());
        Assert.Equal(until, status.GetProperty("newestReached").GetDateTimeOffset());
        Assert.Equal("fb:310002_9000010,fb:310002_9000039", await database.ScalarAsync<string>(
            "select min(post_id) || ',' || max(post_id) from backfill_posts where backfill_id = 'facebook:310002'"));
    }

    [Fact]
    public async Task PauseResumeCancel_RunningBackfill_StopsGoesOnAndEnds()
    {
        await using var world = await MediaWorld.StartAsync(database, BackfillClient.Settings("310003", "310004"));
        SimulatedHistory.PopulatePage(world.Graph, "310003", posts: 100, attachments: 180, Newest, TimeSpan.FromHours(1), imageBytes: 2048, videoBytes: 4096);
        SimulatedHistory.PopulatePage(world.Graph, "310004", posts: 100, attachments: 180, Newest, TimeSpan.FromHours(1), imageBytes: 2048, videoBytes: 4096);
        world.Graph.Faults.LatencyMs = 300; // each page takes a while, so the walk is caught mid-way

        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/310003/backfill")).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select pages_read from backfills where backfill_id = 'facebook:310003'") >= 1,
            "the first page is read");
        Assert.Equal(HttpStatusCode.Conflict, (await BackfillClient.PostAsync(world, "/api/media/pages/310003/backfill")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/310003/backfill/pause")).StatusCode);

        // Paused: the answer came after the page in hand was stored, and no step or reminder is left to read another.
        Assert.Equal("paused", await BackfillClient.StoredStatusAsync(database, "facebook:310003"));
        var pagesWhenPaused = await database.ScalarAsync<int>("select pages_read from backfills where backfill_id = 'facebook:310003'");
        Assert.InRange(pagesWhenPaused, 1, 3);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from orleans_reminders where grain_id = 'backfill/facebook:310003'"));
        Assert.Equal(HttpStatusCode.Conflict, (await BackfillClient.PostAsync(world, "/api/media/pages/310003/backfill/pause")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/310003/backfill/resume")).StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:310003", "done");
        Assert.Equal(4, await database.ScalarAsync<int>("select pages_read from backfills where backfill_id = 'facebook:310003'"));
        Assert.Equal(100, await database.ScalarAsync<int>("select posts_found from backfills where backfill_id = 'facebook:310003'"));
        Assert.Equal(4, world.Graph.Reads("310003")); // the pause re-read nothing

        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/310004/backfill")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/310004/backfill/cancel")).StatusCode);
        Assert.Equal("cancelled", await BackfillClient.StoredStatusAsync(database, "facebook:310004"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from orleans_reminders where grain_id = 'backfill/facebook:310004'"));
        Assert.Equal(HttpStatusCode.Conflict, (await BackfillClient.PostAsync(world, "/api/media/pages/310004/backfill/resume")).StatusCode);
        // A cancelled walk may be started again: a new run from the newest post.
        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/310004/backfill")).StatusCode);
        world.Graph.Faults.LatencyMs = 0;
        await BackfillClient.UntilAsync(database, "facebook:310004", "done");
        Assert.Equal(2, await database.ScalarAsync<int>("select run from backfills where backfill_id = 'facebook:310004'"));
        Assert.Equal(100, await database.ScalarAsync<int>("select posts_found from backfills where backfill_id = 'facebook:310004'"));
    }

    [Fact]
    public async Task Backfill_PostAlsoArrivesByWebhook_OnePostOneStoredFile()
    {
        await using var world = await MediaWorld.StartAsync(database, BackfillClient.Settings("310005"));
        SimulatedHistory.PopulatePage(world.Graph, "310005", posts: 30, attachments: 50, Newest, TimeSpan.FromHours(1), imageBytes: 2048, videoBytes: 4096);
        // Post 5 is a photo (file 310005-5.png): Meta's webhook for it arrives before the backfill reaches it.
        var webhook = await world.SendWebhookAsync(PageFeed("310005", new FeedValue("photo", "310005_9000005", "Photo 5", world.Cdn.SignedUrl("310005-5.png"))));
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        await world.UntilStatusAsync("fb:310005_9000005", "success");

        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/310005/backfill")).StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:310005", "done");
        await BackfillClient.UntilSettledAsync(database, "facebook:310005");

        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from posts where post_id = 'fb:310005_9000005'"));
        Assert.Equal("success", await world.StatusAsync("fb:310005_9000005"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(distinct sha256) from post_media where post_id = 'fb:310005_9000005'"));
        Assert.Equal(1, await database.ScalarAsync<int>("""
            select f.reference_count from media_files f where f.sha256 = (select sha256 from post_media where post_id = 'fb:310005_9000005' limit 1)
            """));
        // And the other way round: the same post's webhook after the backfill is a duplicate to its grain, which writes
        // and downloads nothing once its shard hands the change on.
        var version = await database.ScalarAsync<long>("select version from posts where post_id = 'fb:310005_9000006'");
        var downloads = world.Cdn.RequestCount("310005-6.png");
        var again = await world.SendWebhookAsync(PageFeed("310005", new FeedValue("photo", "310005_9000006", "Photo 6", world.Cdn.SignedUrl("310005-6.png"))));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await world.UntilPickedUpAsync("fb:310005_9000006");
        Assert.Equal(version, await database.ScalarAsync<long>("select version from posts where post_id = 'fb:310005_9000006'"));
        Assert.Equal(downloads, world.Cdn.RequestCount("310005-6.png"));
    }
}
