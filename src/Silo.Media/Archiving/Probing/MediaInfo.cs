namespace Silo.Media.Archiving.Probing;

/// <summary>
/// What a stored file turned out to be, read from its bytes by MetadataExtractor (images) or
/// ffprobe (video, audio, HEIF): format, size, duration, codecs and the EXIF orientation (1–8).
/// </summary>
public sealed record MediaInfo(MediaKind Kind, string MimeType, string Extension, int? Width = null, int? Height = null,
    double? DurationSeconds = null, string? VideoCodec = null, string? AudioCodec = null, int? Orientation = null);
