using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Media.Archiving;
using Silo.Simulators;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.VideoSite;
using Silo.Testing;

namespace Silo.Media.Tests.Archiving;

/// <summary>
/// YouTube through the real yt-dlp (installed by deploy/test-tools.sh), reading a video site
/// simulator on loopback the way it reads a watch page: details from JSON-LD, subtitles from tracks.
/// </summary>
public sealed class YtDlpDownloaderTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Different text per video: the test class shares one database, and equal files would be one stored content.
    private static Dictionary<string, string> Subtitles(string id) => new()
    {
        ["en"] = $"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello from video {id}\n",
        ["es"] = $"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHola desde el vídeo {id}\n",
    };

    [Fact]
    public async Task Archive_YouTubeDownloadMode_VideoDetailsAndSubtitlesStored()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["MEDIA_YOUTUBE_MODE"] = "download" });
        var mp4 = await RealMedia.BytesAsync("long.mp4");
        world.Site.AddVideo("601", new SiteVideo("Seed talk", "Silo Channel", new DateOnly(2025, 11, 7), TimeSpan.FromSeconds(4), mp4, Subtitles("601")));

        await CreateAsync(world, "601", world.Site.WatchUrl("601"));
        await world.UntilStatusAsync("youtube:601", "success", TimeSpan.FromSeconds(90));

        var post = await world.GetPostAsync("youtube:601");
        var media = post.GetProperty("media").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetString()!);
        var video = media["youtube"];
        Assert.Equal(("yt_dlp", "video/mp4", TestMedia.Sha256(mp4)), (Text(video, "action"), Text(video, "mimeType"), Text(video, "sha256")));
        Assert.NotNull(Text(video, "previewUrl"));
        var details = post.GetProperty("youTube");
        Assert.Equal(("Seed talk", "Silo Channel", "2025-11-07"), (Text(details, "title"), Text(details, "uploader"), Text(details, "uploadDate")));
        Assert.Equal(4.0, details.GetProperty("durationSeconds").GetDouble(), 1);
        await AssertSubtitlesAsync(world, media, "601");
        Assert.Equal(1, world.Site.RequestCount("media/601.mp4"));
    }

    [Fact]
    public async Task Archive_YouTubeEmbedMode_DetailsAndSubtitlesWithoutTheVideo()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Site.AddVideo("602", new SiteVideo("Embedded talk", "Silo Channel", new DateOnly(2025, 11, 8), TimeSpan.FromSeconds(90),
            await RealMedia.BytesAsync("mp4"), Subtitles("602")));

        await CreateAsync(world, "602", world.Site.WatchUrl("602"));
        await world.UntilStatusAsync("youtube:602", "success", TimeSpan.FromSeconds(90));

        var post = await world.GetPostAsync("youtube:602");
        var media = post.GetProperty("media").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetString()!);
        Assert.Equal(("embed", "success", JsonValueKind.Null), (Text(media["youtube"], "action"), Text(media["youtube"], "status"),
            media["youtube"].GetProperty("sha256").ValueKind));
        var details = post.GetProperty("youTube");
        Assert.Equal(("Embedded talk", "Silo Channel", "2025-11-08", 90.0), (Text(details, "title"), Text(details, "uploader"),
            Text(details, "uploadDate"), details.GetProperty("durationSeconds").GetDouble()));
        await AssertSubtitlesAsync(world, media, "602");
        Assert.Equal(0, world.Site.RequestCount("media/602.mp4"));
    }

    [Fact]
    public async Task Archive_YouTubeDownloadModeHostNotAllowed_FinalErrorAndYtDlpNotStarted()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["MEDIA_YOUTUBE_MODE"] = "download" });

        await CreateAsync(world, "603", "http://127.0.0.1:9/v/x.mp4");
        await world.UntilStatusAsync("youtube:603", "error");

        var post = await world.GetPostAsync("youtube:603");
        Assert.Equal("host_refused", post.GetProperty("lastError").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Archive_PageSendsYtDlpToAHostNotAllowed_RefusedByTheProxyAndNeverReached()
    {
        // The same video on a second loopback site, on no list: the allowed watch page names its player page there.
        var outside = new VideoSiteSimulator();
        await using var outsideServer = await SimulatorServer.StartAsync(app => app.MapVideoSiteSimulator("/site", outside), cancellationToken: Ct);
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["MEDIA_YOUTUBE_MODE"] = "download" });
        var video = new SiteVideo("Elsewhere", "Silo Channel", new DateOnly(2025, 11, 9), TimeSpan.FromSeconds(4), await RealMedia.BytesAsync("mp4"),
            Subtitles("604"));
        world.Site.AddVideo("604", video with { PlayerSite = outside.BaseUrl });
        outside.AddVideo("604", video);

        await CreateAsync(world, "604", world.Site.WatchUrl("604"));
        await world.UntilStatusAsync("youtube:604", "error", TimeSpan.FromSeconds(90));

        var error = (await world.GetPostAsync("youtube:604")).GetProperty("lastError");
        Assert.Equal("ytdlp_failed", Text(error, "type"));
        Assert.Contains("403", Text(error, "message"));
        Assert.True(world.Site.RequestCount("watch/604") > 0, "yt-dlp read the allowed watch page");
        Assert.Equal((0, 0), (outside.RequestCount("player/604"), outside.RequestCount("media/604.mp4")));
    }

    [Fact]
    public async Task Archive_ExtractorPinnedToYouTube_SimulatorPageNotReadAndFinalError()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?>
        {
            ["MEDIA_YOUTUBE_MODE"] = "download", ["Silo:Media:YtDlp:Extractors"] = "youtube",
        });
        world.Site.AddVideo("605", new SiteVideo("Not YouTube", "Silo Channel", new DateOnly(2025, 11, 10), TimeSpan.FromSeconds(4),
            await RealMedia.BytesAsync("mp4"), Subtitles("605")));

        await CreateAsync(world, "605", world.Site.WatchUrl("605"));
        await world.UntilStatusAsync("youtube:605", "error", TimeSpan.FromSeconds(60));

        var post = await world.GetPostAsync("youtube:605");
        Assert.Equal("ytdlp_unsupported_url", Text(post.GetProperty("lastError"), "type"));
        Assert.Equal(1, post.GetProperty("attempts").GetInt32());
        Assert.Equal(0, world.Site.RequestCount("watch/605"));
    }

    [Fact]
    public async Task Archive_ShippedHostsDownloadMode_VideosFromTheVideoCdnSubtitlesAndThumbnail()
    {
        await using var youtube = await YouTubeStandIn.StartAsync();
        await using var world = await MediaWorld.StartAsync(database, youtube.ShippedSettings(mode: "download"));
        var (first, second) = (await RealMedia.BytesAsync("long.mp4"), await RealMedia.BytesAsync("mp4"));
        youtube.Site.AddVideo("611", new SiteVideo("Shipped talk", "Silo Channel", new DateOnly(2025, 12, 1), TimeSpan.FromSeconds(4), first, Subtitles("611")));
        youtube.Site.AddVideo("612", new SiteVideo("Second talk", "Silo Channel", new DateOnly(2025, 12, 2), TimeSpan.FromSeconds(1), second, Subtitles("612")));
        var thumbnail = await RealMedia.BytesAsync("jpg");
        youtube.Thumbnails.AddFile("611.jpg", thumbnail, "image/jpeg");

        // The watch page, its thumbnail, and a second video page in an attachment slot (as a share of it would be).
        await CreateAsync(world, "611", (youtube.Site.WatchUrl("611"), "video"), (youtube.Thumbnails.SignedUrl("611.jpg"), "image"),
            (youtube.Site.WatchUrl("612"), "video"));
        await world.UntilStatusAsync("youtube:611", "success", TimeSpan.FromSeconds(120));

        var media = (await world.GetPostAsync("youtube:611")).GetProperty("media").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetString()!);
        Assert.Equal(("yt_dlp", TestMedia.Sha256(first)), (Text(media["youtube"], "action"), Text(media["youtube"], "sha256")));
        Assert.Equal(("youtube", "yt_dlp", TestMedia.Sha256(second)),
            (Text(media["attachment:2:video"], "role"), Text(media["attachment:2:video"], "action"), Text(media["attachment:2:video"], "sha256")));
        Assert.Equal(("image", TestMedia.Sha256(thumbnail)), (Text(media["attachment:1"], "kind"), Text(media["attachment:1"], "sha256")));
        await AssertSubtitlesAsync(world, media, "611");
        Assert.Equal("subtitle", Text(media["attachment:2:video:subtitle:es"], "kind"));
        Assert.Equal((1, 1), (youtube.Site.RequestCount("media/611.mp4"), youtube.Site.RequestCount("media/612.mp4")));
    }

    [Fact]
    public async Task Archive_ShippedHostsEmbedMode_DetailsSubtitlesAndThumbnailsWithoutTheVideo()
    {
        await using var youtube = await YouTubeStandIn.StartAsync();
        await using var world = await MediaWorld.StartAsync(database, youtube.ShippedSettings(mode: null));
        // The thumbnail the watch page names (YouTube's maxresdefault), and a smaller one the post itself names.
        youtube.Thumbnails.AddFile("613-max.jpg", await RealMedia.BytesAsync("large.jpg"), "image/jpeg");
        youtube.Site.AddVideo("613", new SiteVideo("Embedded by default", "Silo Channel", new DateOnly(2025, 12, 3), TimeSpan.FromSeconds(60),
            await RealMedia.BytesAsync("mp4"), Subtitles("613"), Thumbnail: youtube.Thumbnails.SignedUrl("613-max.jpg")));
        var thumbnail = await RealMedia.BytesAsync("png");
        youtube.Thumbnails.AddFile("613.png", thumbnail, "image/png");

        await CreateAsync(world, "613", (youtube.Site.WatchUrl("613"), "video"), (youtube.Thumbnails.SignedUrl("613.png"), "image"));
        await world.UntilStatusAsync("youtube:613", "success", TimeSpan.FromSeconds(90));

        var post = await world.GetPostAsync("youtube:613");
        var media = post.GetProperty("media").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetString()!);
        Assert.Equal(("embed", "success"), (Text(media["youtube"], "action"), Text(media["youtube"], "status")));
        Assert.Equal("Embedded by default", Text(post.GetProperty("youTube"), "title"));
        Assert.Equal(TestMedia.Sha256(thumbnail), Text(media["attachment:1"], "sha256"));
        // The embed's preview is its thumbnail, scaled like any preview.
        Assert.Equal((480, 360), (media["youtube"].GetProperty("previewWidth").GetInt32(), media["youtube"].GetProperty("previewHeight").GetInt32()));
        Assert.Equal([0xFF, 0xD8, 0xFF], (await world.Node.Http.GetByteArrayAsync(Text(media["youtube"], "previewUrl"), Ct))[..3]);
        await AssertSubtitlesAsync(world, media, "613");
        Assert.Equal(0, youtube.Site.RequestCount("media/613.mp4"));
    }

    /// <summary>
    /// YouTube's three kinds of host as three loopback servers: its pages (watch, player, subtitles: <c>www.youtube.com</c>),
    /// its video CDN (<c>googlevideo.com</c>) and its thumbnails (<c>i.ytimg.com</c>). <see cref="ShippedSettings"/> gives a node
    /// the shipped host lists with each YouTube entry mapped to the server playing it, and nothing else changed but the
    /// extractors: yt-dlp's youtube extractor reads only YouTube's own https pages, so the generic one reads the stand-in's.
    /// A host the shipped lists lacked would leave its server off the node's lists, and the archive would fail.
    /// </summary>
    private sealed class YouTubeStandIn(VideoSiteSimulator site, MetaCdnSimulator thumbnails, SimulatorServer pages, SimulatorServer videoCdn,
        SimulatorServer thumbnailHost) : IAsyncDisposable
    {
        public VideoSiteSimulator Site { get; } = site;
        public MetaCdnSimulator Thumbnails { get; } = thumbnails;

        public static async Task<YouTubeStandIn> StartAsync()
        {
            var site = new VideoSiteSimulator();
            var thumbnails = new MetaCdnSimulator();
            var pages = await SimulatorServer.StartAsync(app => app.MapVideoSiteSimulator("/site", site), cancellationToken: Ct);
            var videoCdn = await SimulatorServer.StartAsync(app => app.MapVideoSiteSimulator("/site", site, isHome: false), cancellationToken: Ct);
            var thumbnailHost = await SimulatorServer.StartAsync(app => app.MapMetaCdnSimulator("/vi", thumbnails), cancellationToken: Ct);
            site.MediaBaseUrl = videoCdn.Url("site");
            return new YouTubeStandIn(site, thumbnails, pages, videoCdn, thumbnailHost);
        }

        private string? Map(string entry) =>
            YtDlpOptions.YouTubeHosts.Contains(entry) ? Endpoint(pages)
            : YtDlpOptions.YouTubeFetchHosts.Contains(entry) ? Endpoint(videoCdn)
            : entry == "i.ytimg.com" ? Endpoint(thumbnailHost)
            : null;

        private static string Endpoint(SimulatorServer server) => $"127.0.0.1:{server.Address.Port}";

        /// <summary>The shipped lists, each YouTube host mapped to its stand-in; <paramref name="mode"/> null keeps the shipped mode (embed).</summary>
        public Dictionary<string, string?> ShippedSettings(string? mode)
        {
            var shipped = new MediaOptions();
            var settings = new Dictionary<string, string?> { ["Silo:Media:YtDlp:Extractors"] = "generic,html5" };
            if (mode is not null) settings["MEDIA_YOUTUBE_MODE"] = mode;
            var pageHosts = shipped.YtDlp.EffectiveHosts.Select(e => Map(e) ?? e).Distinct().ToList();
            var fetchHosts = shipped.YtDlp.ReachableHosts.Except(shipped.YtDlp.EffectiveHosts).Select(e => Map(e) ?? e).Distinct().ToList();
            for (var i = 0; i < pageHosts.Count; i++) settings[$"Silo:Media:YtDlp:Hosts:{i}"] = pageHosts[i];
            for (var i = 0; i < fetchHosts.Count; i++) settings[$"Silo:Media:YtDlp:FetchHosts:{i}"] = fetchHosts[i];
            // AllowedHosts adds to its defaults (the world's CDN simulator is entry 0): the mapped shipped entries follow it.
            var files = shipped.AllowedHosts.Select(Map).OfType<string>().ToList();
            for (var i = 0; i < files.Count; i++) settings[$"Silo:Media:AllowedHosts:{i + 1}"] = files[i];
            return settings;
        }

        public async ValueTask DisposeAsync()
        {
            await pages.DisposeAsync();
            await videoCdn.DisposeAsync();
            await thumbnailHost.DisposeAsync();
        }
    }

    /// <summary>The en and es subtitle files are items of the post, with their language, stored and readable, and WebVTT.</summary>
    private static async Task AssertSubtitlesAsync(MediaWorld world, Dictionary<string, JsonElement> media, string id)
    {
        foreach (var language in new[] { "en", "es" })
        {
            var item = media[$"youtube:subtitle:{language}"];
            Assert.Equal(("subtitle", "subtitle", language, "text/vtt", "success"),
                (Text(item, "role"), Text(item, "kind"), Text(item, "language"), Text(item, "mimeType"), Text(item, "status")));
            var path = Path.Combine(world.MediaRoot, Text(item, "storageKey")!);
            Assert.True(File.Exists(path), $"{path} exists");
            using var response = await world.Node.Http.GetAsync(Text(item, "publicUrl"), Ct);
            Assert.Equal("text/vtt", response.Content.Headers.ContentType?.MediaType);
            var served = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal(await File.ReadAllBytesAsync(path, Ct), served);
            Assert.StartsWith("WEBVTT", Encoding.UTF8.GetString(served));
            Assert.Equal(Subtitles(id)[language], Encoding.UTF8.GetString(served));
        }
    }

    private static Task CreateAsync(MediaWorld world, string id, string url) => CreateAsync(world, id, (url, "video"));

    private static async Task CreateAsync(MediaWorld world, string id, params (string Url, string Kind)[] media)
    {
        using var client = world.Node.AdminClient();
        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source = "youtube", tenant = "acme", message = "A talk",
            media = media.Select(m => new { url = m.Url, kind = m.Kind }).ToArray(),
        }, Ct);
        response.EnsureSuccessStatusCode();
    }

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();
}
