namespace Silo.Media.Archiving;

/// <summary>
/// What is archived per source (seed 003). Section <c>Silo:Media:Policy</c>; environment overrides
/// <c>MEDIA_PATREON_DOWNLOAD_IMAGES</c>, <c>MEDIA_PATREON_DOWNLOAD_VIDEOS</c>,
/// <c>MEDIA_PATREON_DOWNLOAD_AUDIOS</c>, <c>MEDIA_YOUTUBE_MODE</c>.
/// </summary>
public sealed partial class MediaPolicyOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (YouTube.Mode is not ("embed" or "download"))
            yield return new("must be embed or download.", ["YouTube:Mode"]);
        if (YouTube.SubtitleLanguages.Any(l => l is null || !Hosting.MediaSettingsFile.Language().IsMatch(l)))
            yield return new("must list language codes such as en, es, pt-BR.", ["YouTube:SubtitleLanguages"]);
        if (!YtDlpFormat().IsMatch(YouTube.Quality))
            yield return new("must be a yt-dlp format such as best, worst or bestvideo+bestaudio.", ["YouTube:Quality"]);
        foreach (var (name, source) in new[] { ("Facebook", Facebook), ("Instagram", Instagram), ("Manual", Manual), ("Patreon", Patreon) })
        {
            if (source.VideoFormat is not (null or "" or "mp4"))
                yield return new("must be mp4 (or empty: videos are kept as served).", [$"{name}:VideoFormat"]);
            if (source.AudioFormat is not (null or "" or "mp3"))
                yield return new("must be mp3 (or empty: audio is kept as served).", [$"{name}:AudioFormat"]);
        }
        if (!Deduplication.Enabled)
            yield return new("must be true: files are stored by their SHA-256, so one content is always stored once (seed 003); there is no way to store it twice.",
                ["Deduplication:Enabled"]);
    }

    public const string Section = "Silo:Media:Policy";

    public SourcePolicy Facebook { get; set; } = new();
    public SourcePolicy Instagram { get; set; } = new();
    public SourcePolicy Manual { get; set; } = new();
    /// <summary>Seed 003: Patreon images are not needed (URL kept); videos downloaded unless turned off.</summary>
    public SourcePolicy Patreon { get; set; } = new() { DownloadImages = false };
    public YouTubePolicy YouTube { get; set; } = new();
    public DeduplicationPolicy Deduplication { get; set; } = new();

    public SourcePolicy For(string source) => source switch
    {
        "facebook" => Facebook,
        "instagram" => Instagram,
        "patreon" => Patreon,
        _ => Manual,
    };

    /// <summary>A yt-dlp format selector (<c>best</c>, <c>bestvideo[height&lt;=720]+bestaudio/best</c>); never an option, since it cannot start with a dash.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9+/,.:_=<>!*?\[\]-]*$")]
    internal static partial System.Text.RegularExpressions.Regex YtDlpFormat();
}

/// <summary>Whether a source's images, videos and audio files are downloaded.</summary>
public sealed class SourcePolicy
{
    public bool DownloadImages { get; set; } = true;
    public bool DownloadVideos { get; set; } = true;
    /// <summary>Audio posts and podcasts (seed 003's <c>download_audios</c>). Default true.</summary>
    public bool DownloadAudios { get; set; } = true;
    /// <summary>
    /// The container a downloaded video is stored in (seed 003's <c>patreon.videos.format</c>): <c>mp4</c> re-muxes, or re-encodes
    /// to H.264/AAC, any other video with ffmpeg before it is stored. Default empty: stored as served.
    /// </summary>
    public string? VideoFormat { get; set; }
    /// <summary>The format a downloaded audio file is stored in (seed 003's <c>patreon.audios.format</c>): <c>mp3</c>. Default empty: stored as served.</summary>
    public string? AudioFormat { get; set; }
}

/// <summary>Seed 003's <c>deduplication.enabled</c>: always on (content-addressed storage); accepted so the seed's file reads as written.</summary>
public sealed class DeduplicationPolicy
{
    public bool Enabled { get; set; } = true;
}

/// <summary>YouTube videos: <c>embed</c> (default) or <c>download</c> with yt-dlp and subtitles.</summary>
public sealed class YouTubePolicy
{
    [System.ComponentModel.DataAnnotations.RegularExpression("^(embed|download)$")]
    public string Mode { get; set; } = "embed";
    public bool DownloadSubtitles { get; set; } = true;
    /// <summary>
    /// The subtitle languages fetched. Default (unset): English and Spanish (seed 003). Empty by default because the binder
    /// appends configured entries to an array's defaults: a configured list replaces them this way.
    /// </summary>
    public string[] SubtitleLanguages { get; set; } = [];
    public IReadOnlyList<string> EffectiveSubtitleLanguages => SubtitleLanguages.Length > 0 ? SubtitleLanguages : ["en", "es"];
    /// <summary>Whether YouTube's automatically generated captions are fetched where the uploader gave none (yt-dlp's <c>--write-auto-subs</c>). Default true.</summary>
    public bool AutoSubtitles { get; set; } = true;
    /// <summary>yt-dlp's format selector (<c>-f</c>) in download mode. Default <c>best</c>.</summary>
    public string Quality { get; set; } = "best";
    /// <summary>
    /// Embed mode: a video that cannot be embedded (no YouTube id in its link, so no player; or its uploader turned embedding
    /// off, as yt-dlp reports) is downloaded as in download mode instead of kept as a link. Default false.
    /// </summary>
    public bool DownloadIfEmbedFails { get; set; }
}
