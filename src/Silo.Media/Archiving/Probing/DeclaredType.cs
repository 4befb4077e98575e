namespace Silo.Media.Archiving.Probing;

/// <summary>
/// Compares what a file was said to be (the item's kind in the post, the server's Content-Type)
/// with what its bytes are. A contradiction is final: the same link serves the same bytes again.
/// </summary>
public static class DeclaredType
{
    /// <exception cref="DownloadException"><c>content_mismatch</c>, naming both sides.</exception>
    public static void Check(MediaInfo actual, MediaKind expected, string? contentType)
    {
        // A video slot may hold a photo (Meta sends photo posts' images there); an image slot only an image;
        // an audio slot audio, or a video whose sound is the point (a podcast published as video).
        var fits = expected switch
        {
            MediaKind.Image => actual.Kind == MediaKind.Image,
            MediaKind.Audio => actual.Kind is MediaKind.Audio or MediaKind.Video,
            _ => true,
        };
        if (!fits) throw Mismatch($"expected {Name(expected)}, the bytes are {actual.MimeType}");

        // Only the family is compared: CDNs label m4a as video/mp4 or a WebP as image/jpeg, which is harmless;
        // an image served as video (or the reverse) is not. application/octet-stream and no header claim nothing.
        var family = contentType?.Split('/')[0].Trim().ToLowerInvariant();
        var claimed = family switch { "image" => MediaKind.Image, "video" or "audio" => MediaKind.Video, _ => (MediaKind?)null };
        var isAv = actual.Kind is MediaKind.Video or MediaKind.Audio;
        if (claimed == MediaKind.Image && isAv || claimed == MediaKind.Video && !isAv)
            throw Mismatch($"declared {contentType}, the bytes are {actual.MimeType}");
    }

    private static DownloadException Mismatch(string what) =>
        new(DownloadFailureKind.Final, "content_mismatch",
            $"The file contradicts its declared type: {what}. Not retried: the same bytes would be refused again.");

    private static string Name(MediaKind kind) => kind switch { MediaKind.Image => "an image", MediaKind.Audio => "audio", _ => "a video" };
}
