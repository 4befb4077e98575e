using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Silo.Media.Posts;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

public sealed class PostGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receive_PhotoWebhook_ArchivedWithLocalImage()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(800, 600, 4000, seed: 101);
        world.Cdn.AddFile("p101.png", png, "image/png");

        var response = await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_101", "Hola", world.Cdn.SignedUrl("p101.png"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.UntilStatusAsync("fb:100200_101", "success");

        var post = await world.GetPostAsync("fb:100200_101");
        Assert.Equal("acme", post.GetProperty("tenant").GetString());
        Assert.True(post.GetProperty("hasLocalImage").GetBoolean());
        var item = post.GetProperty("media")[0];
        Assert.Equal(TestMedia.Sha256(png), item.GetProperty("sha256").GetString());
        Assert.Equal((800, 600), (item.GetProperty("width").GetInt32(), item.GetProperty("height").GetInt32()));
        var displayed = post.GetProperty("displayImageUrl").GetString()!;
        Assert.StartsWith("/media/", displayed);

        var file = await world.Node.Http.GetAsync(displayed, Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", file.Headers.CacheControl!.ToString());
        Assert.Equal(png, await file.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Receive_RedeliveredWebhook_ArchivedOnce()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("p102.png", TestMedia.Png(10, 10, 3000, seed: 102), "image/png");
        var body = PageFeed("100200", new FeedValue("photo", "100200_102", "Again", world.Cdn.SignedUrl("p102.png")));

        Assert.Equal(HttpStatusCode.OK, (await world.SendWebhookAsync(body)).StatusCode);
        await world.UntilStatusAsync("fb:100200_102", "success");
        Assert.Equal(HttpStatusCode.OK, (await world.SendWebhookAsync(body)).StatusCode);
        // The redelivery is a duplicate to the post's grain once its shard hands it on: nothing is downloaded again.
        await world.UntilPickedUpAsync("fb:100200_102");

        Assert.Equal(1, world.Cdn.RequestCount("p102.png"));
        Assert.Equal(1, await database.ScalarAsync<int>("select attempts from posts where post_id = 'fb:100200_102'"));
        // The work is over, so is the reminder that watched it.
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'post/fb:100200_102'") == 0, "the post's reminder is removed");
    }

    [Fact]
    public async Task Receive_ReminderChangedByAnotherActivationMidDownload_ReminderStillRemovedWhenDone()
    {
        // Seen in the fault suite: an activation's handle on its reminder went stale (the row was
        // written again during a fail-over), its removal failed on the etag, and every later tick
        // retried with the same stale handle, so the finished post's reminder ticked for ever.
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("p115.png", TestMedia.Png(10, 10, 3000, seed: 115), "image/png");
        // Long enough for a loaded machine's polls to see the download under way (the delay ends on its own).
        world.Cdn.Faults.LatencyMs = 8000;
        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_115", "Stale", world.Cdn.SignedUrl("p115.png"))));
        await world.UntilStatusAsync("fb:100200_115", "downloading");

        Assert.Equal(1, await database.ScalarAsync<long>(
            "with bumped as (update orleans_reminders set version = version + 1 where grain_id = 'post/fb:100200_115' returning 1) select count(*) from bumped"));
        world.Cdn.Faults.LatencyMs = 0;
        await world.UntilStatusAsync("fb:100200_115", "success");

        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'post/fb:100200_115'") == 0, "the finished post's reminder is removed");
    }

    [Fact]
    public async Task Receive_SameImageInTwoPosts_StoredOnceWithTwoReferences()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(20, 20, 5000, seed: 103);
        world.Cdn.AddFile("p103a.png", png, "image/png");
        world.Cdn.AddFile("p103b.png", png, "image/png");

        await world.SendWebhookAsync(PageFeed("100200",
            new FeedValue("photo", "100200_1031", "One", world.Cdn.SignedUrl("p103a.png")),
            new FeedValue("photo", "100200_1032", "Two", world.Cdn.SignedUrl("p103b.png"))));
        await world.UntilStatusAsync("fb:100200_1031", "success");
        await world.UntilStatusAsync("fb:100200_1032", "success");

        var sha = TestMedia.Sha256(png);
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", sha)));
        Assert.Equal(2, await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", sha)));
        // The class's other tests share this store: only this image's objects count (hash layout: ab/cd/{sha256}.{ext}).
        Assert.Single(Directory.GetFiles(world.MediaRoot, $"{sha}.*", SearchOption.AllDirectories));
        using var client = world.Node.AdminClient();
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/media/stats", Ct);
        Assert.Equal(png.Length, stats.GetProperty("bytesSavedByDedup").GetInt64());
    }

    [Fact]
    public async Task Receive_ExpiredLink_RefreshedThroughGraphAndArchived()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(30, 30, 3000, seed: 104);
        world.Cdn.AddFile("p104.png", png, "image/png");
        world.Graph.AddPagePost(new GraphFacebookPost("100200_104", "Expired", FullPicture: "p104.png"));
        var expired = world.Cdn.SignedUrl("p104.png", DateTimeOffset.UtcNow.AddMinutes(-5));

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_104", "Expired", expired)));
        await world.UntilStatusAsync("fb:100200_104", "success");

        Assert.Equal(1, world.Graph.Reads("100200_104"));
        var post = await world.GetPostAsync("fb:100200_104");
        Assert.Equal(TestMedia.Sha256(png), post.GetProperty("media")[0].GetProperty("sha256").GetString());
        Assert.Equal(1, post.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Receive_CdnAnswers403_RefreshedThroughGraphAndArchived()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("p105.png", TestMedia.Png(30, 30, 3000, seed: 105), "image/png");
        world.Graph.AddPagePost(new GraphFacebookPost("100200_105", "Tampered", FullPicture: "p105.png"));
        var badSignature = world.Cdn.SignedUrl("p105.png").Replace("oh=00_", "oh=00_ff", StringComparison.Ordinal);

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_105", "Tampered", badSignature)));
        await world.UntilStatusAsync("fb:100200_105", "success");

        Assert.Equal(1, world.Graph.Reads("100200_105"));
    }

    [Fact]
    public async Task Receive_StatusWithAttachments_LinksReadFromGraph()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("p106a.png", TestMedia.Png(5, 5, 2000, seed: 1061), "image/png");
        world.Cdn.AddFile("p106b.png", TestMedia.Png(6, 6, 2000, seed: 1062), "image/png");
        world.Graph.AddPagePost(new GraphFacebookPost("100200_106", "Album", FullPicture: "p106a.png",
            Attachments: [new GraphAttachment("p106a.png", Subattachments: [new GraphAttachment("p106a.png"), new GraphAttachment("p106b.png")])]));

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("status", "100200_106", "Album")));
        await world.UntilStatusAsync("fb:100200_106", "success");

        var post = await world.GetPostAsync("fb:100200_106");
        var slots = post.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("slot").GetString()).Order().ToList();
        Assert.Equal(["attachment:0", "full_picture", "subattachment:0:0", "subattachment:0:1"], slots);
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(distinct sha256) from post_media where post_id = 'fb:100200_106'"));
    }

    [Fact]
    public async Task Receive_StatusOfAnAppRequiringAppSecretProof_GraphReadWithTheProof()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("p130.png", TestMedia.Png(5, 5, 2000, seed: 130), "image/png");
        world.Graph.AddPagePost(new GraphFacebookPost("100200_130", "Proven", FullPicture: "p130.png"));
        // The app's dashboard has "Require App Secret" on: a Graph call without the token's proof is refused.
        world.Graph.AppSecret = MediaWorld.AppSecret;

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("status", "100200_130", "Proven")));
        await world.UntilStatusAsync("fb:100200_130", "success");

        Assert.Equal(1, world.Cdn.RequestCount("p130.png"));
    }

    [Fact]
    public async Task Receive_Story_SkippedAndNothingDownloaded()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("p107.mp4", CdnFile.FromBytes(await RealMedia.BytesAsync("mp4"), "video/mp4"));

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("video", "100200_107", null, world.Cdn.SignedUrl("p107.mp4"))));
        await world.UntilStatusAsync("fb:100200_107", "skipped");

        Assert.Equal(0, world.Cdn.RequestCount("p107.mp4"));
    }

    [Fact]
    public async Task Receive_ServerErrorsThenRecovery_RetriedByReminder()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("p108.png", TestMedia.Png(5, 5, 2000, seed: 108), "image/png");
        world.Cdn.Faults.FailStatus = 503;
        world.Cdn.Faults.FailCount = 2;

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_108", "Flaky", world.Cdn.SignedUrl("p108.png"))));
        await world.UntilStatusAsync("fb:100200_108", "success");

        var post = await world.GetPostAsync("fb:100200_108");
        Assert.Equal(3, post.GetProperty("attempts").GetInt32());
        Assert.Equal("http_503", post.GetProperty("lastError").GetProperty("type").GetString());
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from media_attempts where post_id = 'fb:100200_108' and not succeeded"));
    }

    [Fact]
    public async Task Receive_AlwaysFailing_StopsAfterMaxAttempts()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:MaxAttempts"] = "3" });
        world.Cdn.AddFile("p109.png", TestMedia.Png(5, 5, 2000, seed: 109), "image/png");
        world.Cdn.Faults.FailCount = -1;

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_109", "Down", world.Cdn.SignedUrl("p109.png"))));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select attempts from posts where post_id = 'fb:100200_109'") == 3
            && await database.ScalarAsync<bool>("select next_retry_at is null and status = 'error' from posts where post_id = 'fb:100200_109'"),
            "the third attempt failed and no retry is scheduled");

        var post = await world.GetPostAsync("fb:100200_109");
        Assert.Equal(3, post.GetProperty("lastError").GetProperty("attempt").GetInt32());
        Assert.Equal(3, world.Cdn.RequestCount("p109.png"));
    }

    [Fact]
    public async Task Receive_TruncatedBody_NothingStoredAndRetried()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:MaxAttempts"] = "2" });
        // Half of 400 KB is past Kestrel's 64 KB output buffer, so the headers surely leave before the connection drops.
        var png = TestMedia.Png(5, 5, 400_000, seed: 110);
        world.Cdn.AddFile("p110.png", png, "image/png");
        world.Cdn.Faults.TruncateBodies = true;

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_110", "Cut", world.Cdn.SignedUrl("p110.png"))));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select attempts from posts where post_id = 'fb:100200_110'") == 2
            && await world.StatusAsync("fb:100200_110") == "error", "both attempts failed");

        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", TestMedia.Sha256(png))));
        Assert.False(Directory.Exists(world.MediaRoot) && Directory.GetFiles(world.MediaRoot, "*", SearchOption.AllDirectories).Length > 0);
        var post = await world.GetPostAsync("fb:100200_110");
        Assert.Equal("truncated", post.GetProperty("lastError").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Receive_UnwritableStore_AlertRaised()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:MaxAttempts"] = "1" });
        await File.WriteAllTextAsync(world.MediaRoot, "not a folder", Ct);
        world.Cdn.AddFile("p111.png", TestMedia.Png(5, 5, 2000, seed: 111), "image/png");
        try
        {
            await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_111", "Full", world.Cdn.SignedUrl("p111.png"))));
            await world.UntilStatusAsync("fb:100200_111", "error");

            using var client = world.Node.AdminClient();
            var alerts = await client.GetFromJsonAsync<JsonElement>("/api/alerts", Ct);
            Assert.Single(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "storage_unavailable" && !a.GetProperty("resolved").GetBoolean());
        }
        finally { File.Delete(world.MediaRoot); }
    }

    [Fact]
    public async Task Receive_RedeliveryOfPostWithWorkOutstanding_ResumedWithoutWaitingForItsReminder()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(6, 6, 2000, seed: 113);
        world.Cdn.AddFile("p113.png", png, "image/png");
        var url = world.Cdn.SignedUrl("p113.png");
        // What a node that died mid-download leaves stored (here with no reminder, so only the redelivery can resume it).
        var storage = world.Node.Services.GetRequiredKeyedService<IGrainStorage>(PostStorage.Name);
        await storage.WriteStateAsync("post", GrainId.Create(PostIds.GrainType, "fb:100200_113"), new GrainState<PostState>(new PostState
        {
            Exists = true, Source = "facebook", SourcePostId = "100200_113", Tenant = "acme", Message = "Resume", ItemType = "photo",
            GraphObjectId = "100200_113", Status = PostStatus.Downloading, Attempts = 1,
            Media = [new PostMedia { Slot = "full_picture", Role = "full_picture", Kind = "image", OriginalUrl = url }],
        }));

        var response = await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_113", "Resume", url)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.UntilStatusAsync("fb:100200_113", "success");
        // The redelivery held nothing new (a duplicate to the grain): the stored download resumed, once.
        Assert.Equal(1, world.Cdn.RequestCount("p113.png"));
        Assert.Equal(2, await database.ScalarAsync<int>("select attempts from posts where post_id = 'fb:100200_113'"));
        Assert.Equal(TestMedia.Sha256(png), await database.ScalarAsync<string>("select sha256 from post_media where post_id = 'fb:100200_113'"));
    }

    [Fact]
    public async Task Archive_LastAllowedAttemptWasInterrupted_ErrorInsteadOfResumingForever()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:MaxAttempts"] = "2" });
        world.Cdn.AddFile("p114.png", TestMedia.Png(6, 6, 2000, seed: 114), "image/png");
        var url = world.Cdn.SignedUrl("p114.png");
        var storage = world.Node.Services.GetRequiredKeyedService<IGrainStorage>(PostStorage.Name);
        await storage.WriteStateAsync("post", GrainId.Create(PostIds.GrainType, "fb:100200_114"), new GrainState<PostState>(new PostState
        {
            Exists = true, Source = "facebook", SourcePostId = "100200_114", Tenant = "acme", Message = "Cut twice", ItemType = "photo",
            GraphObjectId = "100200_114", Status = PostStatus.Downloading, Attempts = 2,
            Media = [new PostMedia { Slot = "full_picture", Role = "full_picture", Kind = "image", OriginalUrl = url }],
        }));

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_114", "Cut twice", url)));
        await world.UntilStatusAsync("fb:100200_114", "error");

        var post = await world.GetPostAsync("fb:100200_114");
        Assert.Equal("interrupted", post.GetProperty("lastError").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, post.GetProperty("nextRetryAt").ValueKind);
        Assert.Equal(0, world.Cdn.RequestCount("p114.png"));
    }

    [Fact]
    public async Task Receive_WebhookEditListingFewerLinks_FailedItemKeptSinceAWebhookCarriesPartOfAPost()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(12, 12, 2600, seed: 2202);
        world.Cdn.AddFile("p2202.png", png, "image/png");
        // The photo's link archives; its second photo is not on the CDN (404, final): the post is in error.
        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_2202", "Two photos", world.Cdn.SignedUrl("p2202.png"),
            Photos: [world.Cdn.SignedUrl("p2202-missing.png")])));
        await world.UntilStatusAsync("fb:100200_2202", "error");

        // An edit carries the link only: a webhook is a partial view of a post, so the failed photo is not dropped.
        await world.SendWebhookAsync(PageFeedAt("100200", DefaultTime.AddMinutes(1),
            new FeedValue("photo", "100200_2202", "Two photos, edited", world.Cdn.SignedUrl("p2202.png"), Verb: "edited")));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<string>("select message from posts where post_id = 'fb:100200_2202'")
            == "Two photos, edited", "the edit is stored");

        var media = (await world.GetPostAsync("fb:100200_2202")).GetProperty("media").EnumerateArray()
            .ToDictionary(m => m.GetProperty("slot").GetString()!, m => m.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["attachment:0"] = "error", ["full_picture"] = "success" }, media);
        Assert.Equal("error", await world.StatusAsync("fb:100200_2202"));
    }
}
