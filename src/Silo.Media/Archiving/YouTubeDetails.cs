namespace Silo.Media.Archiving;

/// <summary>What yt-dlp's info JSON tells about a YouTube video (seed 003's metadata), kept on the post in both modes.</summary>
public sealed record YouTubeDetails(string? Title, string? Uploader, string? Channel, double? DurationSeconds, DateOnly? UploadDate);
