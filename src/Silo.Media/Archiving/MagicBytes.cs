namespace Silo.Media.Archiving;

/// <summary>Recognises media by its first bytes, never by what the server claims it is.</summary>
public static class MagicBytes
{
    /// <summary>Bytes needed to recognise every supported format.</summary>
    public const int HeaderLength = 16;

    public sealed record Detected(string MimeType, string Extension, MediaKind Kind);

    public static Detected? Detect(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) return new("image/jpeg", "jpg", MediaKind.Image);
        if (h.Length >= 8 && h[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return new("image/png", "png", MediaKind.Image);
        if (h.Length >= 6 && (h[..6].SequenceEqual("GIF87a"u8) || h[..6].SequenceEqual("GIF89a"u8))) return new("image/gif", "gif", MediaKind.Image);
        if (h.Length >= 12 && h[..4].SequenceEqual("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8)) return new("image/webp", "webp", MediaKind.Image);
        if (h.Length >= 12 && h[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = h[8..12];
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8))
                return new("image/heic", "heic", MediaKind.Image);
            if (brand.SequenceEqual("qt  "u8)) return new("video/quicktime", "mov", MediaKind.Video);
            return new("video/mp4", "mp4", MediaKind.Video);
        }
        if (h.Length >= 4 && h[0] == 0x1A && h[1] == 0x45 && h[2] == 0xDF && h[3] == 0xA3) return new("video/webm", "webm", MediaKind.Video);
        return null;
    }
}
