namespace Silo.Media.Archiving;

/// <summary>
/// What is archived per source (seed 003). Section <c>Silo:Media:Policy</c>; environment overrides
/// <c>MEDIA_PATREON_DOWNLOAD_IMAGES</c>, <c>MEDIA_PATREON_DOWNLOAD_VIDEOS</c>,
/// <c>MEDIA_PATREON_DOWNLOAD_AUDIOS</c>, <c>MEDIA_YOUTUBE_MODE</c>.
/// </summary>
public sealed class MediaPolicyOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (YouTube.Mode is not ("embed" or "download"))
            yield return new("must be embed or download.", ["YouTube:Mode"]);
        if (YouTube.SubtitleLanguages.Length == 0 || YouTube.SubtitleLanguages.Any(l => l is null || !Hosting.MediaSettingsFile.Language().IsMatch(l)))
            yield return new("must list language codes such as en, es, pt-BR.", ["YouTube:SubtitleLanguages"]);
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
}

/// <summary>Whether a source's images, videos and audio files are downloaded.</summary>
public sealed class SourcePolicy
{
    public bool DownloadImages { get; set; } = true;
    public bool DownloadVideos { get; set; } = true;
    /// <summary>Audio posts and podcasts (seed 003's <c>download_audios</c>). Default true.</summary>
    public bool DownloadAudios { get; set; } = true;
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
    public string[] SubtitleLanguages { get; set; } = ["en", "es"];
}
