namespace Silo.Media.Archiving;

/// <summary>
/// What is archived per source (seed 003). Section <c>Silo:Media:Policy</c>; environment overrides
/// <c>MEDIA_PATREON_DOWNLOAD_IMAGES</c>, <c>MEDIA_PATREON_DOWNLOAD_VIDEOS</c>, <c>MEDIA_YOUTUBE_MODE</c>.
/// </summary>
public sealed class MediaPolicyOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (YouTube.Mode is not ("embed" or "download"))
            yield return new("must be embed or download.", ["YouTube:Mode"]);
    }

    public const string Section = "Silo:Media:Policy";

    public SourcePolicy Facebook { get; set; } = new();
    public SourcePolicy Instagram { get; set; } = new();
    public SourcePolicy Manual { get; set; } = new();
    /// <summary>Seed 003: Patreon images are not needed (URL kept); videos downloaded unless turned off.</summary>
    public SourcePolicy Patreon { get; set; } = new() { DownloadImages = false };
    public YouTubePolicy YouTube { get; set; } = new();

    public SourcePolicy For(string source) => source switch
    {
        "facebook" => Facebook,
        "instagram" => Instagram,
        "patreon" => Patreon,
        _ => Manual,
    };
}

/// <summary>Whether a source's images and videos are downloaded.</summary>
public sealed class SourcePolicy
{
    public bool DownloadImages { get; set; } = true;
    public bool DownloadVideos { get; set; } = true;
}

/// <summary>YouTube videos: <c>embed</c> (default) or <c>download</c> with yt-dlp and subtitles.</summary>
public sealed class YouTubePolicy
{
    [System.ComponentModel.DataAnnotations.RegularExpression("^(embed|download)$")]
    public string Mode { get; set; } = "embed";
    public bool DownloadSubtitles { get; set; } = true;
    public string[] SubtitleLanguages { get; set; } = ["en", "es"];
}
