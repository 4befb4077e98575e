using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Scrub;

/// <summary>
/// The scrub's mark on posts (issue 21: "otherwise its post is marked"), against each real store: a file the scrub could not
/// fetch again shows on its post's page and in the posts list's <c>damaged</c> filter, to its tenant alone, and goes once the
/// file is back, whether a later run fetched it again, a post brought the same file again, or the post was archived again.
/// </summary>
public sealed class ScrubMarkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Scrub_FileItCouldNotRepair_MarksItsPostUntilALaterRunRepairsIt(string backend)
    {
        await using var world = await ScrubWorld.StartAsync(backend);
        var media = world.Media;
        var lost = TestMedia.Png(34, 34, 3000, seed: 921);
        media.Cdn.AddFile("s921.png", lost, "image/png");
        media.Cdn.AddFile("s922.png", TestMedia.Png(35, 35, 3000, seed: 922), "image/png");
        var link = media.Cdn.SignedUrl("s921.png");
        await media.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_921", "Lost for a while", link),
            new FeedValue("photo", "100200_922", "Sound", media.Cdn.SignedUrl("s922.png"))));
        await media.UntilStatusAsync("fb:100200_921", "success");
        await media.UntilStatusAsync("fb:100200_922", "success");
        var key = await world.StorageKeyAsync("fb:100200_921");
        await world.Store.DeleteAsync(key, Ct);
        await SetLinkAsync(media, "fb:100200_921", media.Cdn.SignedUrl("no-longer-there.png"));
        using var acme = media.Node.ClientWithKey(await media.KeyAsync("acme"));
        Assert.Empty(await DamagedAsync(acme, "fb:100200_921")); // found by nothing yet

        var first = (await world.ScrubAsync()).GetProperty("run").GetInt32();

        var mark = Assert.Single(await DamagedAsync(acme, "fb:100200_921"));
        var slot = (await media.GetPostAsync("fb:100200_921")).GetProperty("media")[0].GetProperty("slot").GetString();
        Assert.Equal((slot, "file", "missing", key, first), (Text(mark, "slot"), Text(mark, "file"), Text(mark, "kind"), Text(mark, "storageKey"),
            mark.GetProperty("run").GetInt32()));
        Assert.False(string.IsNullOrEmpty(Text(mark, "detail"))); // why the link could not give it back
        Assert.StartsWith("Archive the post again", Text(mark, "remedy"));
        Assert.Empty(await DamagedAsync(acme, "fb:100200_922"));
        Assert.Equal(["fb:100200_921"], await ListAsync(acme, "damaged=true"));
        Assert.Equal(["fb:100200_922"], await ListAsync(acme, "damaged=false"));
        var listed = (await acme.GetFromJsonAsync<JsonElement>("/api/posts?damaged=true", Ct)).GetProperty("items")[0];
        Assert.Equal(key, Text(Assert.Single(listed.GetProperty("damaged").EnumerateArray()), "storageKey"));

        // The link serves the file again: the next run fetches it, and the mark goes with its finding.
        await SetLinkAsync(media, "fb:100200_921", link);
        var second = await world.ScrubAsync();

        Assert.Equal((1, 0), (second.GetProperty("repaired").GetInt32(), second.GetProperty("unrepaired").GetInt32()));
        Assert.Equal(lost, await world.ReadAsync(key));
        Assert.Empty(await DamagedAsync(acme, "fb:100200_921"));
        Assert.Empty(await ListAsync(acme, "damaged=true"));
        Assert.Equal(["fb:100200_921", "fb:100200_922"], (await ListAsync(acme, "damaged=false")).Order());
    }

    [Fact]
    public async Task Deliver_AnotherPostWithTheSameFile_StoresItAgainAndTheMarkGoes()
    {
        await using var world = await ScrubWorld.StartAsync("filesystem");
        var media = world.Media;
        var lost = TestMedia.Png(36, 36, 3000, seed: 951);
        media.Cdn.AddFile("s951.png", lost, "image/png");
        media.Cdn.AddFile("s952.png", lost, "image/png"); // the same picture, posted again under another link
        await media.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_951", "First", media.Cdn.SignedUrl("s951.png"))));
        await media.UntilStatusAsync("fb:100200_951", "success");
        var key = await world.StorageKeyAsync("fb:100200_951");
        await world.Store.DeleteAsync(key, Ct);
        await SetLinkAsync(media, "fb:100200_951", media.Cdn.SignedUrl("no-longer-there.png"));
        await world.ScrubAsync();
        using var acme = media.Node.ClientWithKey(await media.KeyAsync("acme"));
        Assert.Single(await DamagedAsync(acme, "fb:100200_951"));

        await media.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_952", "Again", media.Cdn.SignedUrl("s952.png"))));
        await media.UntilStatusAsync("fb:100200_952", "success");

        Assert.Equal(key, await world.StorageKeyAsync("fb:100200_952")); // one stored content, as before
        Assert.Equal(lost, await world.ReadAsync(key));
        Assert.Empty(await DamagedAsync(acme, "fb:100200_951"));
        Assert.Empty(await ListAsync(acme, "damaged=true"));
    }

    [Fact]
    public async Task ArchiveAgain_VideoAndPreviewTheScrubCouldNotRepair_StoredAgainAndMarksGoForEveryTenantHoldingThem()
    {
        await using var world = await ScrubWorld.StartAsync("filesystem");
        var media = world.Media;
        var clip = await RealMedia.BytesAsync("webm");
        media.Cdn.AddFile("clip-931.webm", clip, "video/webm");
        var link = media.Cdn.SignedUrl("clip-931.webm");
        using var acmeManager = media.Node.ClientWithKey(await media.KeyAsync("acme", Permissions.Manager));
        using var globexManager = media.Node.ClientWithKey(await media.KeyAsync("globex", Permissions.Manager));
        // Each tenant's post holds the same video (stored once, by its SHA-256) and its preview.
        await CreateAsync(acmeManager, "mark-acme", link);
        await CreateAsync(globexManager, "mark-globex", link);
        await media.UntilStatusAsync("manual:mark-acme", "success");
        await media.UntilStatusAsync("manual:mark-globex", "success");
        var item = (await media.GetPostAsync("manual:mark-acme")).GetProperty("media")[0];
        var (slot, videoKey) = (Text(item, "slot"), Text(item, "storageKey")!);
        var previewKey = await media.Database.ScalarAsync<string>(
            "select f.storage_key from media_files f join post_media m on m.preview_sha256 = f.sha256 where m.post_id = 'manual:mark-acme'");
        var preview = await world.ReadAsync(previewKey);
        await world.Store.DeleteAsync(videoKey, Ct);
        await world.PutAsync(previewKey, [9, 9, 9]);
        await SetLinkAsync(media, "manual:mark-acme", media.Cdn.SignedUrl("no-longer-there.webm"));
        await SetLinkAsync(media, "manual:mark-globex", media.Cdn.SignedUrl("no-longer-there.webm"));

        var run = await world.ScrubAsync();

        Assert.Equal((2, 0), (run.GetProperty("unrepaired").GetInt32(), run.GetProperty("repaired").GetInt32()));
        var marks = (await DamagedAsync(acmeManager, "manual:mark-acme")).Select(m => (Text(m, "slot"), Text(m, "file"), Text(m, "kind"), Text(m, "storageKey")));
        Assert.Equal([(slot, "file", "missing", videoKey), (slot, "preview", "corrupted", previewKey)], marks);
        Assert.Equal(2, (await DamagedAsync(globexManager, "manual:mark-globex")).Count);
        // A tenant sees the marks on its own post only, and cannot act on another's.
        Assert.Equal(["manual:mark-acme"], await ListAsync(acmeManager, "damaged=true"));
        Assert.Equal(["manual:mark-globex"], await ListAsync(globexManager, "damaged=true"));
        Assert.Equal(HttpStatusCode.NotFound, (await globexManager.GetAsync("/api/posts/manual%3Amark-acme", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globexManager.PostAsync("/api/posts/manual%3Amark-acme/retry", null, Ct)).StatusCode);
        var bad = await acmeManager.GetAsync("/api/posts?damaged=maybe", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("damaged", await bad.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);

        // The source serves the video again (the post's link is the one it was archived from): archiving it again stores it.
        await SetLinkAsync(media, "manual:mark-acme", link);
        var retried = await acmeManager.PostAsync("/api/posts/manual%3Amark-acme/retry", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await media.UntilStatusAsync("manual:mark-acme", "success", TimeSpan.FromSeconds(60));

        Assert.Empty(await DamagedAsync(acmeManager, "manual:mark-acme"));
        Assert.Equal(clip, await world.ReadAsync(videoKey));
        Assert.Equal(preview, await world.ReadAsync(previewKey));
        // The file and its preview are globex's too: its post is whole again without an action of its own.
        Assert.Empty(await DamagedAsync(globexManager, "manual:mark-globex"));
        Assert.Empty(await ListAsync(globexManager, "damaged=true"));
    }

    private static async Task CreateAsync(HttpClient client, string id, string url)
    {
        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source = "manual", message = "A clip", media = new[] { new { url, kind = "video" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>What the scrub reads as the item's source; the post's grain, active, keeps the link it archived from.</summary>
    private static Task SetLinkAsync(MediaWorld media, string postId, string url) =>
        media.Database.ExecuteAsync("update post_media set original_url = @u where post_id = @p", ("u", url), ("p", postId));

    private static async Task<List<JsonElement>> DamagedAsync(HttpClient client, string postId) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/posts/{Uri.EscapeDataString(postId)}", Ct)).GetProperty("damaged").EnumerateArray()];

    private static async Task<List<string>> ListAsync(HttpClient client, string query) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/posts?{query}", Ct)).GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("postId").GetString()!)];

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();
}
