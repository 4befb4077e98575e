using System.Net.Http.Json;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaCdn;
using Silo.Testing;

namespace Silo.Media.Tests.Archiving;

/// <summary>YouTube download mode through the real yt-dlp (installed by deploy/test-tools.sh), fetching a direct mp4 URL from the simulator.</summary>
public sealed class YtDlpDownloaderTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Archive_YouTubeDownloadMode_VideoFetchedByYtDlpAndStored()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["MEDIA_YOUTUBE_MODE"] = "download" });
        var header = TestMedia.Mp4Header(640, 360, 9);
        world.Cdn.AddFile("yt1.mp4", CdnFile.Generated(header, 120_000, "video/mp4", seed: 601));
        using var client = world.Node.AdminClient();

        await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "601", source = "youtube", tenant = "acme", message = "Download me",
            media = new[] { new { url = world.Cdn.SignedUrl("yt1.mp4"), kind = "video" } },
        }, TestContext.Current.CancellationToken);
        await world.UntilStatusAsync("youtube:601", "success", TimeSpan.FromSeconds(90));

        var item = (await world.GetPostAsync("youtube:601")).GetProperty("media")[0];
        Assert.Equal(("yt_dlp", "video/mp4"), (item.GetProperty("action").GetString(), item.GetProperty("mimeType").GetString()));
        Assert.Equal(120_000, item.GetProperty("size").GetInt64());
        Assert.Equal(9.0, item.GetProperty("durationSeconds").GetDouble());
        Assert.True(world.Cdn.RequestCount("yt1.mp4") >= 1);
    }

    [Fact]
    public async Task Archive_YouTubeDownloadModeHostNotAllowed_FinalErrorAndYtDlpNotStarted()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["MEDIA_YOUTUBE_MODE"] = "download" });
        using var client = world.Node.AdminClient();

        await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "602", source = "youtube", tenant = "acme", message = "Elsewhere",
            media = new[] { new { url = "http://127.0.0.1:9/v/x.mp4", kind = "video" } },
        }, TestContext.Current.CancellationToken);
        await world.UntilStatusAsync("youtube:602", "error");

        var post = await world.GetPostAsync("youtube:602");
        Assert.Equal("host_refused", post.GetProperty("lastError").GetProperty("type").GetString());
    }
}
