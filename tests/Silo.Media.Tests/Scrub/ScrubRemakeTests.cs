using System.Net;
using System.Net.Http.Json;
using Silo.Media.Tests.Support;

namespace Silo.Media.Tests.Scrub;

/// <summary>
/// Files Silo made itself, repaired by the scrub all the same: a preview made again from its intact original, a converted file
/// fetched from its link and converted again (ffmpeg writes bit-exact output); a preview whose original is gone stays unrepaired.
/// </summary>
public sealed class ScrubRemakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scrub_MissingPreviewOfAnIntactVideo_MadeAgainFromIt()
    {
        await using var world = await ScrubWorld.StartAsync("filesystem");
        var media = world.Media;
        media.Cdn.AddFile("clip-941.webm", await RealMedia.BytesAsync("webm"), "video/webm");
        await CreateAsync(media, "manual", "remake-preview", media.Cdn.SignedUrl("clip-941.webm"), "video");
        await media.UntilStatusAsync("manual:remake-preview", "success");
        var previewKey = await PreviewKeyAsync(media, "manual:remake-preview");
        var preview = await world.ReadAsync(previewKey);
        await world.Store.DeleteAsync(previewKey, Ct);

        var run = await world.ScrubAsync();

        Assert.Equal((1, 1, 0), (run.GetProperty("missing").GetInt32(), run.GetProperty("repaired").GetInt32(), run.GetProperty("unrepaired").GetInt32()));
        Assert.Equal(preview, await world.ReadAsync(previewKey));
        Assert.Equal(0, (await media.GetPostAsync("manual:remake-preview")).GetProperty("damaged").GetArrayLength());
    }

    [Fact]
    public async Task Scrub_PreviewWhoseOriginalIsCorruptedToo_UnrepairedAndSaysWhy()
    {
        await using var world = await ScrubWorld.StartAsync("filesystem");
        var media = world.Media;
        media.Cdn.AddFile("clip-942.webm", await RealMedia.BytesAsync("webm"), "video/webm");
        await CreateAsync(media, "manual", "remake-orphaned", media.Cdn.SignedUrl("clip-942.webm"), "video");
        await media.UntilStatusAsync("manual:remake-orphaned", "success");
        var previewKey = await PreviewKeyAsync(media, "manual:remake-orphaned");
        var videoKey = await world.StorageKeyAsync("manual:remake-orphaned");
        await world.Store.DeleteAsync(previewKey, Ct);
        await world.PutAsync(videoKey, [1, 2, 3]);
        await media.Database.ExecuteAsync("update post_media set original_url = @u where post_id = 'manual:remake-orphaned'",
            ("u", media.Cdn.SignedUrl("no-longer-there.webm")));

        var run = await world.ScrubAsync();

        Assert.Equal((0, 2), (run.GetProperty("repaired").GetInt32(), run.GetProperty("unrepaired").GetInt32()));
        var detail = await media.Database.ScalarAsync<string>("select detail from scrub_findings where storage_key = @k", ("k", previewKey));
        Assert.Equal($"it is a preview, and its original ({videoKey}) is missing or corrupted too", detail);
    }

    [Fact]
    public async Task Scrub_MissingFileItsSourceConverted_FetchedAndConvertedAgain()
    {
        await using var world = await ScrubWorld.StartAsync("filesystem", new Dictionary<string, string?> { ["Silo:Media:Policy:Patreon:AudioFormat"] = "mp3" });
        var media = world.Media;
        media.Cdn.AddFile("talk-943.m4a", await RealMedia.BytesAsync("m4a"), "audio/mp4");
        await CreateAsync(media, "patreon", "remake-converted", media.Cdn.SignedUrl("talk-943.m4a"), "audio");
        await media.UntilStatusAsync("patreon:remake-converted", "success");
        var key = await world.StorageKeyAsync("patreon:remake-converted");
        Assert.EndsWith(".mp3", key);
        var converted = await world.ReadAsync(key);
        await world.Store.DeleteAsync(key, Ct);

        var run = await world.ScrubAsync();

        Assert.Equal((1, 1, 0), (run.GetProperty("missing").GetInt32(), run.GetProperty("repaired").GetInt32(), run.GetProperty("unrepaired").GetInt32()));
        Assert.Equal(converted, await world.ReadAsync(key));
    }

    private static async Task CreateAsync(MediaWorld media, string source, string id, string url, string kind)
    {
        using var admin = media.Node.AdminClient();
        var response = await admin.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source, tenant = "acme", message = "Made by Silo", media = new[] { new { url, kind } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static Task<string> PreviewKeyAsync(MediaWorld media, string postId) =>
        media.Database.ScalarAsync<string>(
            "select f.storage_key from media_files f join post_media m on m.preview_sha256 = f.sha256 where m.post_id = @p", ("p", postId));
}
