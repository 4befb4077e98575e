using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Silo.Simulators.MetaCdn;

/// <summary>
/// CDN files of any length that are real media: a small PNG or MP4 made once with ffmpeg (embedded
/// under Samples/), grown with a part every reader skips — a private PNG chunk, a top-level MP4
/// <c>free</c> box — whose body starts with the file's name, so every file hashes differently and
/// still opens in MetadataExtractor, ffprobe and a browser as the picture or clip it is.
/// </summary>
public static class SampleMedia
{
    private static readonly byte[] Png = Sample("square.png");
    private static readonly byte[] Mp4 = Sample("clip.mp4");

    // Ancillary (s), private (i), reserved bit clear (L), safe to copy (o): decoders skip it.
    private static readonly byte[] FillerChunk = "siLo"u8.ToArray();

    /// <summary>A 96×96 PNG of <paramref name="length"/> bytes (at least the sample's own size plus the filler chunk's).</summary>
    public static CdnFile Image(string name, long length)
    {
        var beforeEnd = Png.AsSpan(0, Png.Length - 12); // everything up to the IEND chunk
        var label = Encoding.UTF8.GetBytes(name);
        var fillerLength = Math.Max(label.Length, length - Png.Length - 12);
        byte[] header = [.. beforeEnd, 0, 0, 0, 0, .. FillerChunk, .. label];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(beforeEnd.Length), checked((uint)fillerLength));

        // The chunk's CRC covers its type and data, the generated filler included.
        var seed = label.Length;
        var crc = new Crc32();
        crc.Append(FillerChunk);
        crc.Append(label);
        var buffer = new byte[64 * 1024];
        var start = (long)header.Length;
        var end = beforeEnd.Length + 8 + fillerLength;
        for (var at = start; at < end;)
        {
            var count = (int)Math.Min(buffer.Length, end - at);
            for (var k = 0; k < count; k++) buffer[k] = CdnFile.Pattern(at + k, seed);
            crc.Append(buffer.AsSpan(0, count));
            at += count;
        }
        byte[] trailer = [0, 0, 0, 0, .. Png.AsSpan(Png.Length - 12)];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc.GetCurrentHashAsUInt32());
        return CdnFile.Generated(header, end + trailer.Length, "image/png", seed, trailer);
    }

    /// <summary>A 96×96, 1 s H.264 MP4 of <paramref name="length"/> bytes (the moov first, so it streams).</summary>
    public static CdnFile Video(string name, long length)
    {
        var label = Encoding.UTF8.GetBytes(name);
        var boxLength = Math.Max(8 + label.Length, length - Mp4.Length);
        byte[] header = [.. Mp4, 0, 0, 0, 0, .. "free"u8, .. label];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(Mp4.Length), checked((uint)boxLength));
        return CdnFile.Generated(header, Mp4.Length + boxLength, "video/mp4", label.Length);
    }

    private static byte[] Sample(string file)
    {
        using var stream = typeof(SampleMedia).Assembly.GetManifestResourceStream($"Samples/{file}")
            ?? throw new InvalidOperationException($"The embedded sample {file} is missing from Silo.Simulators.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
