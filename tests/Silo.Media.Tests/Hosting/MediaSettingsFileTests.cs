using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Hosting;
using Silo.Media.Tests.Support;
using Silo.Testing;

namespace Silo.Media.Tests.Hosting;

/// <summary>Seed 003's config/settings.json: read into Silo:Media:Policy, strict about keys and values.</summary>
public sealed class MediaSettingsFileTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"silo-settings-{Guid.NewGuid():N}.json");

    private const string SeedFile = """
        {
          "media": {
            "patreon": { "download_videos": false, "download_audios": true, "download_images": false },
            "youtube": { "mode": "download", "download_subtitles": true, "subtitle_languages": ["en", "es"] },
            "deduplication": { "enabled": true }
          }
        }
        """;

    [Fact]
    public void Read_SeedShape_MappedOntoPolicySettings()
    {
        File.WriteAllText(_path, SeedFile);

        var settings = MediaSettingsFile.Read(_path);

        Assert.Equal(new Dictionary<string, string?>
        {
            ["Silo:Media:Policy:Patreon:DownloadVideos"] = "false",
            ["Silo:Media:Policy:Patreon:DownloadAudios"] = "true",
            ["Silo:Media:Policy:Patreon:DownloadImages"] = "false",
            ["Silo:Media:Policy:YouTube:Mode"] = "download",
            ["Silo:Media:Policy:YouTube:DownloadSubtitles"] = "true",
            ["Silo:Media:Policy:YouTube:SubtitleLanguages:0"] = "en",
            ["Silo:Media:Policy:YouTube:SubtitleLanguages:1"] = "es",
            ["Silo:Media:Policy:Deduplication:Enabled"] = "true",
        }, settings);
    }

    /// <summary>Seed 003's "Configuración Propuesta", as the seed writes it.</summary>
    private const string SecondShapeFile = """
        {
          "media": {
            "images": { "download": false, "store_urls": true },
            "patreon": {
              "videos": { "download": true, "quality": "best", "format": "mp4" },
              "audios": { "download": true, "format": "mp3" }
            },
            "youtube": {
              "mode": "embed",
              "download_if_embed_fails": false,
              "download_settings": { "quality": "best", "subtitles": ["en", "es"], "auto_subtitles": true }
            },
            "deduplication": { "enabled": true, "hash_algorithm": "sha256" }
          },
          "celery": { "enabled": false, "broker": "redis://localhost:6379/0", "workers": { "phase1": 2, "phase2": 1, "phase3": 2 } },
          "scraping": { "max_retries": 3, "retry_delay": 60, "timeout": 300 }
        }
        """;

    [Fact]
    public void Read_SecondShape_EachKeyMappedOntoItsSetting()
    {
        File.WriteAllText(_path, SecondShapeFile);

        var settings = MediaSettingsFile.Read(_path);

        Assert.Equal(new Dictionary<string, string?>
        {
            ["Silo:Media:Policy:Patreon:DownloadImages"] = "false",
            ["Silo:Media:Policy:Patreon:DownloadVideos"] = "true",
            ["Silo:Media:Policy:Patreon:VideoFormat"] = "mp4",
            ["Silo:Media:Policy:Patreon:DownloadAudios"] = "true",
            ["Silo:Media:Policy:Patreon:AudioFormat"] = "mp3",
            ["Silo:Media:Policy:YouTube:Mode"] = "embed",
            ["Silo:Media:Policy:YouTube:DownloadIfEmbedFails"] = "false",
            ["Silo:Media:Policy:YouTube:Quality"] = "best",
            ["Silo:Media:Policy:YouTube:DownloadSubtitles"] = "true",
            ["Silo:Media:Policy:YouTube:SubtitleLanguages:0"] = "en",
            ["Silo:Media:Policy:YouTube:SubtitleLanguages:1"] = "es",
            ["Silo:Media:Policy:YouTube:AutoSubtitles"] = "true",
            ["Silo:Media:Policy:Deduplication:Enabled"] = "true",
            ["Silo:Media:Patreon:ListConcurrency"] = "2",
            ["Silo:Media:Patreon:DetailsConcurrency"] = "1",
            ["Silo:Media:Patreon:CollectionsConcurrency"] = "2",
            ["Silo:Media:Patreon:MaxFailuresInRow"] = "4",
            ["Silo:Media:Patreon:RetryDelay"] = "00:01:00",
            ["Silo:Media:Patreon:RequestTimeout"] = "00:05:00",
        }, settings);
    }

    [Fact]
    public void Read_SecondShapeSubtitlesEmpty_SubtitlesOff()
    {
        File.WriteAllText(_path, """{ "youtube": { "download_settings": { "subtitles": [], "auto_subtitles": false } } }""");

        Assert.Equal(new Dictionary<string, string?>
        {
            ["Silo:Media:Policy:YouTube:DownloadSubtitles"] = "false",
            ["Silo:Media:Policy:YouTube:AutoSubtitles"] = "false",
        }, MediaSettingsFile.Read(_path));
    }

    [Fact]
    public void Read_WithoutMediaWrapper_SameSettings()
    {
        File.WriteAllText(_path, """{ "youtube": { "mode": "embed" } }""");

        Assert.Equal(new Dictionary<string, string?> { ["Silo:Media:Policy:YouTube:Mode"] = "embed" }, MediaSettingsFile.Read(_path));
    }

    [Theory]
    [InlineData("""{ "media": { "patreon": { "download_gifs": true } } }""", "unknown key 'media.patreon.download_gifs'")]
    [InlineData("""{ "media": { "celery": { "enabled": false } } }""", "unknown key 'media.celery'")]
    [InlineData("""{ "media": {}, "logging": { "level": "info" } }""", "unknown key 'logging'")]
    [InlineData("""{ "media": { "patreon": { "videos": { "resolution": "720p" } } } }""",
        "unknown key 'media.patreon.videos.resolution' (the file is in the second shape, as 'media.patreon.videos' shows")]
    [InlineData("""{ "media": { "patreon": { "download_videos": false } }, "scraping": { "timeout": 300 } }""",
        "unknown key 'media.patreon.download_videos' (the file is in the second shape, as 'scraping' shows")]
    [InlineData("""{ "media": { "images": { "download": false } }, "celery": { "workers": { "phase4": 1 } } }""", "unknown key 'celery.workers.phase4'")]
    [InlineData("""{ "scraping": { "timeout": "5m" } }""", "'scraping.timeout' must be a whole number of seconds, not \"5m\"")]
    [InlineData("""{ "patreon": { "videos": { "format": "mkv" } } }""", "'patreon.videos.format' must be \"mp4\"")]
    [InlineData("""{ "media": { "patreon": { "audios": { "format": "ogg" } } } }""", "'media.patreon.audios.format' must be \"mp3\"")]
    [InlineData("""{ "images": { "store_urls": false } }""", "'images.store_urls' must be true, not false (an item's original URL is always kept)")]
    [InlineData("""{ "deduplication": { "hash_algorithm": "md5" } }""", "'deduplication.hash_algorithm' must be \"sha256\", not \"md5\"")]
    [InlineData("""{ "youtube": { "download_settings": { "quality": "--exec rm" } } }""", "'youtube.download_settings.quality' must be a yt-dlp format")]
    [InlineData("""{ "patreon": { "download_videos": "yes" } }""", "'patreon.download_videos' must be true or false, not \"yes\"")]
    [InlineData("""{ "youtube": { "mode": "stream" } }""", "'youtube.mode' must be \"embed\" or \"download\", not \"stream\"")]
    [InlineData("""{ "youtube": { "subtitle_languages": ["en", "español"] } }""", "'youtube.subtitle_languages' must be a non-empty list of language codes")]
    [InlineData("""{ "youtube": { "mode": "embed" """, "is not valid JSON")]
    public void Read_UnknownKeyOrBadValue_RefusedNamingIt(string json, string expected)
    {
        File.WriteAllText(_path, json);

        var error = Assert.Throws<OptionsValidationException>(() => MediaSettingsFile.Read(_path));

        Assert.Contains($"Silo:Media:SettingsFile ({_path}): {expected}", error.Message);
    }

    [Fact]
    public async Task Start_SettingsFileTurnsPatreonVideosOff_PolicyApplied()
    {
        File.WriteAllText(_path, SeedFile);
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:SettingsFile"] = _path });
        world.Cdn.AddFile("s1.mp4", await RealMedia.BytesAsync("mp4"), "video/mp4");
        using var client = world.Node.AdminClient();

        var policy = world.Node.Services.GetRequiredService<IOptions<MediaPolicyOptions>>().Value;
        Assert.Equal(("download", false, true), (policy.YouTube.Mode, policy.Patreon.DownloadVideos, policy.Patreon.DownloadAudios));
        await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "s1", source = "patreon", tenant = "acme", message = "Watch there",
            media = new[] { new { url = world.Cdn.SignedUrl("s1.mp4"), kind = "video" } },
        }, Ct);
        await world.UntilStatusAsync("patreon:s1", "success");
        Assert.Equal("view_on_source", (await world.GetPostAsync("patreon:s1")).GetProperty("media")[0].GetProperty("action").GetString());
        Assert.Equal(0, world.Cdn.RequestCount("s1.mp4"));
    }

    [Fact]
    public async Task Start_SettingsFileWithUnknownKey_StartRefusedNamingTheKey()
    {
        File.WriteAllText(_path, """{ "media": { "youtube": { "quality": "best" } } }""");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?> { ["Silo:Media:SettingsFile"] = _path }));

        Assert.Contains("unknown key 'media.youtube.quality'", error.Message);
    }

    [Fact]
    public async Task Start_DeduplicationOff_StartRefusedSayingWhy()
    {
        File.WriteAllText(_path, """{ "deduplication": { "enabled": false } }""");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?> { ["Silo:Media:SettingsFile"] = _path }));

        Assert.Contains("Deduplication:Enabled", error.Message);
        Assert.Contains("must be true", error.Message);
    }

    public void Dispose() => File.Delete(_path);
}
