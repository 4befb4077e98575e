using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Testing;

namespace Silo.Media.Tests.Posts;

/// <summary>Posts whose media are real files ffmpeg made: what the API then says about each, previews and refusals.</summary>
public sealed class PostMediaMetadataTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_PatreonAudioPost_StoredWithDurationAndCodec()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var m4a = await RealMedia.BytesAsync("m4a");
        world.Cdn.AddFile("talk.m4a", m4a, "audio/mp4");

        await CreateAsync(world, "patreon", "a1", (world.Cdn.SignedUrl("talk.m4a"), "audio"));
        await world.UntilStatusAsync("patreon:a1", "success");

        var item = (await world.GetPostAsync("patreon:a1")).GetProperty("media")[0];
        Assert.Equal(("attachment:0:audio", "audio", "audio/mp4", "aac", TestMedia.Sha256(m4a)),
            (Text(item, "slot"), Text(item, "role"), Text(item, "mimeType"), Text(item, "audioCodec"), Text(item, "sha256")));
        Assert.Equal(1.0, item.GetProperty("durationSeconds").GetDouble(), 1);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("previewUrl").ValueKind);
        Assert.Equal(m4a, await world.Node.Http.GetByteArrayAsync(Text(item, "publicUrl"), Ct));
    }

    [Fact]
    public async Task Create_PatreonAudiosOff_ListenOnPatreonAndNothingDownloaded()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:Policy:Patreon:DownloadAudios"] = "false" });
        world.Cdn.AddFile("off.mp3", await RealMedia.BytesAsync("mp3"), "audio/mpeg");

        await CreateAsync(world, "patreon", "a2", (world.Cdn.SignedUrl("off.mp3"), "audio"));
        await world.UntilStatusAsync("patreon:a2", "success");

        var item = (await world.GetPostAsync("patreon:a2")).GetProperty("media")[0];
        Assert.Equal(("view_on_source", "skipped", "Listen on Patreon"), (Text(item, "action"), Text(item, "status"), Text(item, "note")));
        Assert.Equal(0, world.Cdn.RequestCount("off.mp3"));
    }

    [Fact]
    public async Task Create_Video_ThumbnailStoredBesideItAndListed()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("clip.webm", await RealMedia.BytesAsync("webm"), "video/webm");

        await CreateAsync(world, "manual", "v1", (world.Cdn.SignedUrl("clip.webm"), "video"));
        await world.UntilStatusAsync("manual:v1", "success");

        var item = (await world.GetPostAsync("manual:v1")).GetProperty("media")[0];
        Assert.Equal(("video/webm", 64, 48, "vp8", "opus"),
            (Text(item, "mimeType"), item.GetProperty("width").GetInt32(), item.GetProperty("height").GetInt32(), Text(item, "videoCodec"), Text(item, "audioCodec")));
        // A small video is not enlarged: its frame keeps its 64×48.
        Assert.Equal((64, 48), (item.GetProperty("previewWidth").GetInt32(), item.GetProperty("previewHeight").GetInt32()));
        var thumbnail = await world.Node.Http.GetByteArrayAsync(Text(item, "previewUrl"), Ct);
        Assert.Equal([0xFF, 0xD8, 0xFF], thumbnail[..3]);
        var listed = (await ListAsync(world, "tenant=acme")).Single(p => Text(p, "postId") == "manual:v1").GetProperty("archived")[0];
        Assert.Equal(Text(item, "previewUrl"), Text(listed, "previewUrl"));
        // The thumbnail is a content-addressed file referenced by the post, like the video.
        Assert.Equal(2L, await world.Database.ScalarAsync<long>("""
            select count(*) from media_files f join post_media m on f.sha256 in (m.sha256, m.preview_sha256)
             where m.post_id = 'manual:v1' and f.reference_count = 1
            """));
    }

    [Fact]
    public async Task Create_LargeTurnedPhoto_PreviewSmallAndUpright()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("big.jpg", await RealMedia.JpegWithOrientationAsync(6, "large.jpg"), "image/jpeg");
        world.Cdn.AddFile("small.png", await RealMedia.BytesAsync("png"), "image/png");

        await CreateAsync(world, "manual", "i1", (world.Cdn.SignedUrl("big.jpg"), "image"), (world.Cdn.SignedUrl("small.png"), "image"));
        await world.UntilStatusAsync("manual:i1", "success");

        var media = (await world.GetPostAsync("manual:i1")).GetProperty("media").EnumerateArray().ToDictionary(m => Text(m, "slot")!);
        var big = media["picture"];
        Assert.Equal((1600, 1200, 6), (big.GetProperty("width").GetInt32(), big.GetProperty("height").GetInt32(), big.GetProperty("orientation").GetInt32()));
        // Orientation 6 is a quarter turn: the upright preview is portrait, its long side 480.
        Assert.Equal((360, 480), (big.GetProperty("previewWidth").GetInt32(), big.GetProperty("previewHeight").GetInt32()));
        Assert.Equal(JsonValueKind.Null, media["attachment:1"].GetProperty("previewUrl").ValueKind);
    }

    [Fact]
    public async Task Create_ImageServedForAVideo_ErrorWithReasonAndNoRetry()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("fake.mp4", await RealMedia.BytesAsync("png"), "video/mp4");

        await CreateAsync(world, "manual", "m1", (world.Cdn.SignedUrl("fake.mp4"), "video"));
        await world.UntilStatusAsync("manual:m1", "error");

        var post = await world.GetPostAsync("manual:m1");
        Assert.Equal(("content_mismatch", JsonValueKind.Null), (Text(post.GetProperty("lastError"), "type"), post.GetProperty("nextRetryAt").ValueKind));
        Assert.Equal("The file contradicts its declared type: declared video/mp4, the bytes are image/png. Not retried: the same bytes would be refused again.",
            Text(post.GetProperty("media")[0], "error"));
        Assert.Equal(1, post.GetProperty("attempts").GetInt32());
        Assert.Equal(0L, await world.Database.ScalarAsync<long>("select count(*) from post_media where post_id = 'manual:m1' and sha256 is not null"));
        using var client = world.Node.AdminClient();
        var groups = await client.GetFromJsonAsync<JsonElement>("/api/posts/failures?tenant=acme", Ct);
        var group = groups.EnumerateArray().Single(g => Text(g, "reason") == "wrong_content");
        Assert.Equal(("Wrong content (a retry gets the same bytes)", 1L), (Text(group, "label"), group.GetProperty("posts").GetInt64()));
    }

    [Fact]
    public async Task Create_VideoCutToItsFirstThird_DamagedRetriedFromTheSourceAndNeverStored()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var whole = await RealMedia.BytesAsync("faststart.mp4");
        // Served whole as far as HTTP goes (its Content-Length matches), but only the first third of the file.
        world.Cdn.AddFile("cut.mp4", whole[..(whole.Length / 3)], "video/mp4");

        await CreateAsync(world, "manual", "d1", (world.Cdn.SignedUrl("cut.mp4"), "video"));
        await Eventually.UntilAsync(async () => await world.Database.ScalarAsync<int>(
            "select attempts from posts where post_id = 'manual:d1' and status = 'error' and next_retry_at is null") == 5, "every attempt is spent");

        var post = await world.GetPostAsync("manual:d1");
        Assert.Equal("content_damaged", Text(post.GetProperty("lastError"), "type"));
        Assert.Matches(@"^The file is damaged: its data ends at \d\.\d s of the 6\.0 s its header declares\.", Text(post.GetProperty("media")[0], "error"));
        Assert.Equal(5, world.Cdn.RequestCount("cut.mp4"));
        Assert.Equal(0L, await world.Database.ScalarAsync<long>("select count(*) from post_media where post_id = 'manual:d1' and sha256 is not null"));
        using var client = world.Node.AdminClient();
        var groups = await client.GetFromJsonAsync<JsonElement>("/api/posts/failures?tenant=acme", Ct);
        Assert.Equal("Damaged file (retried from the source)", Text(groups.EnumerateArray().Single(g => Text(g, "reason") == "damaged"), "label"));

        // The source serves the whole file again: a retry stores it.
        world.Cdn.AddFile("cut.mp4", whole, "video/mp4");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/posts/manual:d1/retry", null, Ct)).StatusCode);
        await world.UntilStatusAsync("manual:d1", "success");
        var item = (await world.GetPostAsync("manual:d1")).GetProperty("media")[0];
        Assert.Equal((TestMedia.Sha256(whole), 6.0), (Text(item, "sha256"), Math.Round(item.GetProperty("durationSeconds").GetDouble())));
    }

    [Theory]
    [InlineData("wav", "audio/wav", "pcm_s16le")]
    [InlineData("flac", "audio/flac", "flac")]
    [InlineData("aac", "audio/aac", "aac")]
    [InlineData("opus", "audio/ogg", "opus")]
    public async Task Create_CommonAudioContainer_StoredAsAudio(string format, string mime, string codec)
    {
        await using var world = await MediaWorld.StartAsync(database);
        var bytes = await RealMedia.BytesAsync(format);
        world.Cdn.AddFile($"sound.{format}", bytes, mime);

        await CreateAsync(world, "patreon", $"c-{format}", (world.Cdn.SignedUrl($"sound.{format}"), "audio"));
        await world.UntilStatusAsync($"patreon:c-{format}", "success");

        var item = (await world.GetPostAsync($"patreon:c-{format}")).GetProperty("media")[0];
        Assert.Equal(("audio", mime, codec, TestMedia.Sha256(bytes)), (Text(item, "kind"), Text(item, "mimeType"), Text(item, "audioCodec"), Text(item, "sha256")));
        Assert.EndsWith("." + (format == "opus" ? "ogg" : format), Text(item, "storageKey"));
    }

    [Fact]
    public async Task Create_Mp3SentAsVideo_KindIsAudioAndListedAsAudio()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("declared-video.mp3", await RealMedia.BytesAsync("other.mp3"), "audio/mpeg");

        await CreateAsync(world, "manual", "k1", (world.Cdn.SignedUrl("declared-video.mp3"), "video"));
        await world.UntilStatusAsync("manual:k1", "success");

        var item = (await world.GetPostAsync("manual:k1")).GetProperty("media")[0];
        Assert.Equal(("attachment:0:video", "audio", "audio/mpeg"), (Text(item, "slot"), Text(item, "kind"), Text(item, "mimeType")));
        Assert.Contains(await ListAsync(world, "tenant=acme&kind=audio"), p => Text(p, "postId") == "manual:k1");
        Assert.DoesNotContain(await ListAsync(world, "tenant=acme&kind=video"), p => Text(p, "postId") == "manual:k1");
    }

    [Fact]
    public async Task Create_ResentWithMediaInNewSlots_UnlistedFailedItemDroppedArchivedOneKept()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(30, 20, 2500, seed: 2201);
        // Content no other test of this class stores, so the reference counts other tests check stay theirs.
        var mov = await RealMedia.BytesAsync("mov");
        world.Cdn.AddFile("r-pic.png", png, "image/png");
        world.Cdn.AddFile("r-clip.mov", mov, "video/quicktime");

        // An image and a video the CDN does not have (404, final): the post is in error.
        await CreateAsync(world, "manual", "r1", (world.Cdn.SignedUrl("r-pic.png"), "image"), (world.Cdn.SignedUrl("r-missing.mp4"), "video"));
        await world.UntilStatusAsync("manual:r1", "error");
        // Sent again with only the video, now first (slot attachment:0:video): the failed attachment:1:video is no longer listed.
        await CreateAsync(world, "manual", "r1", (world.Cdn.SignedUrl("r-clip.mov"), "video"));
        await world.UntilStatusAsync("manual:r1", "success");

        var media = (await world.GetPostAsync("manual:r1")).GetProperty("media").EnumerateArray().ToDictionary(m => Text(m, "slot")!);
        Assert.Equal(["attachment:0:video", "picture"], media.Keys.Order(StringComparer.Ordinal));
        // The archived picture stays although the re-send does not list it: a narrower view never loses a stored file.
        Assert.Equal((TestMedia.Sha256(png), TestMedia.Sha256(mov)), (Text(media["picture"], "sha256"), Text(media["attachment:0:video"], "sha256")));
    }

    private static async Task CreateAsync(MediaWorld world, string source, string id, params (string Url, string Kind)[] media)
    {
        using var client = world.Node.AdminClient();
        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source, tenant = "acme", message = "Real media",
            media = media.Select(m => new { url = m.Url, kind = m.Kind }).ToArray(),
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<JsonElement[]> ListAsync(MediaWorld world, string query)
    {
        using var client = world.Node.AdminClient();
        return [.. (await client.GetFromJsonAsync<JsonElement>($"/api/posts?{query}", Ct)).GetProperty("items").EnumerateArray()];
    }

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();
}
