namespace Silo.Simulators.VideoSite;

/// <summary>
/// A video the site serves: its details, the MP4 and its WebVTT subtitles by language. <paramref name="PlayerSite"/>, when
/// set, is another site whose player page the watch page names (where a reader such as yt-dlp is sent next);
/// <paramref name="Thumbnail"/>, when set, is its thumbnail's URL (the JSON-LD <c>thumbnailUrl</c>, on a thumbnail host).
/// </summary>
public sealed record SiteVideo(string Title, string Uploader, DateOnly UploadDate, TimeSpan Duration, byte[] Mp4,
    IReadOnlyDictionary<string, string> Subtitles, Uri? PlayerSite = null, string? Thumbnail = null);
