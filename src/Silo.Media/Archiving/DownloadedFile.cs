using Silo.Media.Archiving.Probing;

namespace Silo.Media.Archiving;

/// <summary>A file downloaded and hashed into a temporary path, waiting to be stored; deleted on dispose if still there.</summary>
public sealed record DownloadedFile(string TempPath, string Sha256, long Size, string MimeType, string Extension,
    int? Width, int? Height, double? DurationSeconds) : IDisposable
{
    /// <summary>Image, video or audio, as its bytes showed.</summary>
    public MediaKind Kind { get; init; } = MediaKind.Image;
    public string? VideoCodec { get; init; }
    public string? AudioCodec { get; init; }
    /// <summary>EXIF orientation (1–8) of a photo; null when it has none.</summary>
    public int? Orientation { get; init; }

    public static DownloadedFile From(string path, string sha256, long size, MediaInfo info) =>
        new(path, sha256, size, info.MimeType, info.Extension, info.Width, info.Height, info.DurationSeconds)
        {
            Kind = info.Kind, VideoCodec = info.VideoCodec, AudioCodec = info.AudioCodec, Orientation = info.Orientation,
        };

    public void Dispose()
    {
        try { File.Delete(TempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
