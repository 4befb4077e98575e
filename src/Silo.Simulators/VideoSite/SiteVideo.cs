namespace Silo.Simulators.VideoSite;

/// <summary>A video the site serves: its details, the MP4 and its WebVTT subtitles by language.</summary>
public sealed record SiteVideo(string Title, string Uploader, DateOnly UploadDate, TimeSpan Duration, byte[] Mp4,
    IReadOnlyDictionary<string, string> Subtitles);
