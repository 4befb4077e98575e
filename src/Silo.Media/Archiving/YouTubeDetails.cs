namespace Silo.Media.Archiving;

/// <summary>
/// What yt-dlp's info JSON tells about a YouTube video (seed 003's metadata), kept on the post in both modes, and where its
/// thumbnail is (<c>i.ytimg.com</c> for YouTube), which embed mode keeps as the item's preview.
/// </summary>
public sealed record YouTubeDetails(string? Title, string? Uploader, string? Channel, double? DurationSeconds, DateOnly? UploadDate,
    string? ThumbnailUrl = null)
{
    /// <summary>False when the uploader turned embedding off (yt-dlp's <c>playable_in_embed</c>); null when the extractor does not say.</summary>
    public bool? PlayableInEmbed { get; init; }
}
