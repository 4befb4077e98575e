using Silo.Media.Archiving;
using Silo.Media.Patreon;

namespace Silo.Media.Hosting;

/// <summary>The two shapes of seed 003's settings file: each key's path (below <c>media</c>, or beside it) and where its value goes.</summary>
public static partial class MediaSettingsFile
{
    private const string Policy = MediaPolicyOptions.Section;
    private const string Crawl = PatreonCrawlOptions.Section;

    /// <summary>What a key holds and how it is read (see <c>Map</c>).</summary>
    private enum Kind { Boolean, YouTubeMode, Languages, SubtitleList, Fixed, Format, YtDlpFormat, Seconds, Retries, Count, Text }

    /// <param name="Target">The setting the value goes to; null for a key that is checked but changes nothing in Silo.</param>
    /// <param name="Value">The one value a <see cref="Kind.Fixed"/> key may hold, or the format a <see cref="Kind.Format"/> key names.</param>
    /// <param name="Why">Why a <see cref="Kind.Fixed"/> key has one value.</param>
    /// <param name="BesideMedia">The second shape's <c>celery</c> and <c>scraping</c> sit beside <c>media</c>, not in it.</param>
    private sealed record Setting(Kind Kind, string? Target = null, string? Value = null, string? Why = null, bool BesideMedia = false);

    private sealed record Shape(string Name, IReadOnlyDictionary<string, Setting> Keys, string? Recognised = null)
    {
        public string Describe() =>
            (Recognised is null ? "" : $"the file is in the {Name}, as '{Recognised}' shows; ") + $"known: {string.Join(", ", Keys.Keys)}";
    }

    private static readonly Shape FirstShape = new("first shape", new Dictionary<string, Setting>(StringComparer.Ordinal)
    {
        ["patreon.download_images"] = new(Kind.Boolean, $"{Policy}:Patreon:DownloadImages"),
        ["patreon.download_videos"] = new(Kind.Boolean, $"{Policy}:Patreon:DownloadVideos"),
        ["patreon.download_audios"] = new(Kind.Boolean, $"{Policy}:Patreon:DownloadAudios"),
        ["youtube.mode"] = new(Kind.YouTubeMode, $"{Policy}:YouTube:Mode"),
        ["youtube.download_subtitles"] = new(Kind.Boolean, $"{Policy}:YouTube:DownloadSubtitles"),
        ["youtube.subtitle_languages"] = new(Kind.Languages, $"{Policy}:YouTube:SubtitleLanguages"),
        ["deduplication.enabled"] = new(Kind.Boolean, $"{Policy}:Deduplication:Enabled"),
    });

    /// <summary>Keys only the second shape has: any one of them makes the file read as the second shape.</summary>
    private static readonly string[] SecondShapeMarkers =
    [
        "images", "patreon.videos", "patreon.audios", "youtube.download_if_embed_fails", "youtube.download_settings",
        "deduplication.hash_algorithm", "celery", "scraping",
    ];

    // The seed's images sit beside its Patreon settings because the file configures the Patreon extractor (phase 2):
    // they are Patreon's images, as the first shape's patreon.download_images says. Meta posts' images stay archived (seed 000).
    private static readonly Shape SecondShape = new("second shape", new Dictionary<string, Setting>(StringComparer.Ordinal)
    {
        ["images.download"] = new(Kind.Boolean, $"{Policy}:Patreon:DownloadImages"),
        ["images.store_urls"] = new(Kind.Fixed, Value: "true", Why: "an item's original URL is always kept"),
        ["patreon.videos.download"] = new(Kind.Boolean, $"{Policy}:Patreon:DownloadVideos"),
        ["patreon.videos.quality"] = new(Kind.Fixed, Value: "best", Why: "Patreon serves each video as one file, and that file is what is downloaded"),
        ["patreon.videos.format"] = new(Kind.Format, $"{Policy}:Patreon:VideoFormat", Value: "mp4"),
        ["patreon.audios.download"] = new(Kind.Boolean, $"{Policy}:Patreon:DownloadAudios"),
        ["patreon.audios.format"] = new(Kind.Format, $"{Policy}:Patreon:AudioFormat", Value: "mp3"),
        ["youtube.mode"] = new(Kind.YouTubeMode, $"{Policy}:YouTube:Mode"),
        ["youtube.download_if_embed_fails"] = new(Kind.Boolean, $"{Policy}:YouTube:DownloadIfEmbedFails"),
        ["youtube.download_settings.quality"] = new(Kind.YtDlpFormat, $"{Policy}:YouTube:Quality"),
        ["youtube.download_settings.subtitles"] = new(Kind.SubtitleList, $"{Policy}:YouTube"),
        ["youtube.download_settings.auto_subtitles"] = new(Kind.Boolean, $"{Policy}:YouTube:AutoSubtitles"),
        ["deduplication.enabled"] = new(Kind.Boolean, $"{Policy}:Deduplication:Enabled"),
        ["deduplication.hash_algorithm"] = new(Kind.Fixed, Value: "sha256", Why: "files are stored by their SHA-256"),
        // Silo's grains are the queue the seed plans Celery for: always on, kept in PostgreSQL, so there is no broker to name.
        ["celery.enabled"] = new(Kind.Boolean, BesideMedia: true),
        ["celery.broker"] = new(Kind.Text, BesideMedia: true),
        ["celery.workers.phase1"] = new(Kind.Count, $"{Crawl}:ListConcurrency", BesideMedia: true),
        ["celery.workers.phase2"] = new(Kind.Count, $"{Crawl}:DetailsConcurrency", BesideMedia: true),
        ["celery.workers.phase3"] = new(Kind.Count, $"{Crawl}:CollectionsConcurrency", BesideMedia: true),
        ["scraping.max_retries"] = new(Kind.Retries, $"{Crawl}:MaxFailuresInRow", BesideMedia: true),
        ["scraping.retry_delay"] = new(Kind.Seconds, $"{Crawl}:RetryDelay", BesideMedia: true),
        ["scraping.timeout"] = new(Kind.Seconds, $"{Crawl}:RequestTimeout", BesideMedia: true),
    });
}
