using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Hosting;
using Silo.Media.Patreon;
using Silo.Media.Tests.Support;
using Silo.Simulators.VideoSite;
using Silo.Testing;

namespace Silo.Media.Tests.Hosting;

/// <summary>
/// Seed 003's settings file in its second shape on a running node: each key's effect on what is archived. The tests share
/// one node, started with one file (the world is handed from test to test while the settings are the same).
/// </summary>
public sealed class SecondShapeSettingsTests : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TestDatabase _database;
    private readonly string _path;

    // Patreon's videos as MP4 and audio as MP3; YouTube embedded, downloaded when no embed can be made, without subtitles.
    private const string SettingsJson = """
        {
          "media": {
            "images": { "download": false, "store_urls": true },
            "patreon": {
              "videos": { "download": true, "quality": "best", "format": "mp4" },
              "audios": { "download": true, "format": "mp3" }
            },
            "youtube": {
              "mode": "embed",
              "download_if_embed_fails": true,
              "download_settings": { "quality": "best", "subtitles": [], "auto_subtitles": false }
            },
            "deduplication": { "enabled": true, "hash_algorithm": "sha256" }
          },
          "celery": { "enabled": false, "broker": "redis://localhost:6379/0", "workers": { "phase1": 3, "phase2": 1, "phase3": 2 } },
          "scraping": { "max_retries": 3, "retry_delay": 60, "timeout": 300 }
        }
        """;

    public SecondShapeSettingsTests(TestDatabase database)
    {
        _database = database;
        // One path per class and database, so every test asks for the same settings and shares the class's node.
        _path = Path.Combine(Path.GetTempPath(), $"silo-settings-second-shape-{database.GetHashCode():x}-{Environment.ProcessId}.json");
        File.WriteAllText(_path, SettingsJson);
        database.DisposeWith(new Removed(_path));
    }

    private Task<MediaWorld> WorldAsync() => MediaWorld.StartAsync(_database, new Dictionary<string, string?> { [MediaSettingsFile.PathSetting] = _path });

    [Fact]
    public async Task Start_SecondShapeFile_ValuesReachTheOptions()
    {
        await using var world = await WorldAsync();

        var policy = world.Node.Services.GetRequiredService<IOptions<MediaPolicyOptions>>().Value;
        Assert.Equal((false, true, "mp4", true, "mp3"), (policy.Patreon.DownloadImages, policy.Patreon.DownloadVideos, policy.Patreon.VideoFormat,
            policy.Patreon.DownloadAudios, policy.Patreon.AudioFormat));
        Assert.Equal(("embed", true, "best", false, false), (policy.YouTube.Mode, policy.YouTube.DownloadIfEmbedFails, policy.YouTube.Quality,
            policy.YouTube.DownloadSubtitles, policy.YouTube.AutoSubtitles));
        var crawl = world.Node.Services.GetRequiredService<IOptions<PatreonCrawlOptions>>().Value;
        Assert.Equal((3, 1, 2, 4, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)), (crawl.ListConcurrency, crawl.DetailsConcurrency,
            crawl.CollectionsConcurrency, crawl.MaxFailuresInRow, crawl.RetryDelay, crawl.RequestTimeout));
    }

    [Fact]
    public async Task Archive_PatreonAudioNotMp3_StoredAsMp3()
    {
        await using var world = await WorldAsync();
        var m4a = await RealMedia.BytesAsync("m4a");
        world.Cdn.AddFile("a1.m4a", m4a, "audio/mp4");

        var item = await ArchivePatreonAsync(world, "a1", "a1.m4a", "audio");

        Assert.Equal(("audio", "audio/mpeg", "mp3"), (Text(item, "kind"), Text(item, "mimeType"), Text(item, "audioCodec")));
        Assert.Equal("converted from audio/mp4 to mp3", Text(item, "note"));
        var stored = await File.ReadAllBytesAsync(Path.Combine(world.MediaRoot, Text(item, "storageKey")!), Ct);
        Assert.Equal((TestMedia.Sha256(stored), true), (Text(item, "sha256"), Text(item, "storageKey")!.EndsWith(".mp3", StringComparison.Ordinal)));
        Assert.NotEqual(TestMedia.Sha256(m4a), Text(item, "sha256"));
    }

    [Fact]
    public async Task Archive_PatreonAudioAlreadyMp3_StoredAsServed()
    {
        await using var world = await WorldAsync();
        var mp3 = await RealMedia.BytesAsync("mp3");
        world.Cdn.AddFile("a2.mp3", mp3, "audio/mpeg");

        var item = await ArchivePatreonAsync(world, "a2", "a2.mp3", "audio");

        Assert.Equal(("audio/mpeg", TestMedia.Sha256(mp3)), (Text(item, "mimeType"), Text(item, "sha256")));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("note").ValueKind);
    }

    [Fact]
    public async Task Archive_PatreonVideoNotMp4_StoredAsMp4()
    {
        await using var world = await WorldAsync();
        var webm = await RealMedia.BytesAsync("webm");
        world.Cdn.AddFile("v1.webm", webm, "video/webm");

        var item = await ArchivePatreonAsync(world, "v1", "v1.webm", "video");

        Assert.Equal(("video", "video/mp4", "h264", "aac"), (Text(item, "kind"), Text(item, "mimeType"), Text(item, "videoCodec"), Text(item, "audioCodec")));
        Assert.Equal((64, 48), (item.GetProperty("width").GetInt32(), item.GetProperty("height").GetInt32()));
        Assert.Equal("converted from video/webm to mp4", Text(item, "note"));
        var stored = await File.ReadAllBytesAsync(Path.Combine(world.MediaRoot, Text(item, "storageKey")!), Ct);
        Assert.Equal(TestMedia.Sha256(stored), Text(item, "sha256"));
        Assert.NotNull(Text(item, "previewUrl"));
    }

    [Fact]
    public async Task Archive_EmbedCannotBeMade_DownloadedInsteadWithoutSubtitles()
    {
        await using var world = await WorldAsync();
        // The site's watch pages carry no YouTube id, so no YouTube player can be made of them: the embed fails.
        var mp4 = await RealMedia.BytesAsync("long.mp4");
        var subtitles = new Dictionary<string, string> { ["en"] = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nNot asked for\n" };
        world.Site.AddVideo("e1", new SiteVideo("No embed", "Silo Channel", new DateOnly(2025, 11, 7), TimeSpan.FromSeconds(4), mp4, subtitles));
        using var client = world.Node.AdminClient();

        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "e1", source = "youtube", tenant = "acme", message = "A talk",
            media = new[] { new { url = world.Site.WatchUrl("e1"), kind = "video" } },
        }, Ct);
        response.EnsureSuccessStatusCode();
        await world.UntilStatusAsync("youtube:e1", "success", TimeSpan.FromSeconds(90));

        var media = (await world.GetPostAsync("youtube:e1")).GetProperty("media").EnumerateArray().ToList();
        var video = Assert.Single(media); // no subtitle items
        Assert.Equal(("yt_dlp", TestMedia.Sha256(mp4)), (Text(video, "action"), Text(video, "sha256")));
        Assert.Equal("downloaded, since the embed fails (no YouTube player can be made from its link); subtitles not asked for", Text(video, "note"));
        Assert.Equal((1, 0), (world.Site.RequestCount("media/e1.mp4"), world.Site.RequestCount("subtitles/e1.en.vtt")));
    }

    [Fact]
    public async Task Start_SecondShapeFileWithUnknownKey_StartRefusedNamingItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"silo-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, SettingsJson.Replace("\"timeout\": 300", "\"timeout\": 300, \"headless\": true", StringComparison.Ordinal));
        try
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
                TestNode.StartAsync(_database.ConnectionString, settings: new Dictionary<string, string?> { [MediaSettingsFile.PathSetting] = path }));

            Assert.Contains($"Silo:Media:SettingsFile ({path}): unknown key 'scraping.headless'", error.Message);
        }
        finally { File.Delete(path); }
    }

    /// <summary>Posts one Patreon item and waits for it to be archived; the item as the API shows it.</summary>
    private static async Task<JsonElement> ArchivePatreonAsync(MediaWorld world, string id, string file, string kind)
    {
        using var client = world.Node.AdminClient();
        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source = "patreon", tenant = "acme", message = "For patrons",
            media = new[] { new { url = world.Cdn.SignedUrl(file), kind } },
        }, Ct);
        response.EnsureSuccessStatusCode();
        await world.UntilStatusAsync($"patreon:{id}", "success", TimeSpan.FromSeconds(60));
        return (await world.GetPostAsync($"patreon:{id}")).GetProperty("media")[0];
    }

    private static string? Text(JsonElement item, string name) => item.GetProperty(name).GetString();

    private sealed class Removed(string path) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            File.Delete(path);
            return ValueTask.CompletedTask;
        }
    }
}
