using System.Buffers.Binary;
using System.Text;
using Silo.Simulators.MetaCdn;

namespace Silo.Media.Benchmarks;

/// <summary>Generated CDN files with real headers (PNG IHDR, MP4 ftyp/moov), distinct per index, never held whole in memory.</summary>
public static class BenchMedia
{
    /// <summary>A PNG of <paramref name="length"/> bytes; the index is written after IHDR so every image hashes differently.</summary>
    public static CdnFile Png(int index, long length)
    {
        var header = new byte[32];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        signature.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(16), 1080);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(20), 1080);
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(24), index);
        return CdnFile.Generated(header, length, "image/png", seed: index);
    }

    /// <summary>An MP4 (ftyp, moov with mvhd and a video trak, then an mdat running to the end) of <paramref name="length"/> bytes.</summary>
    public static CdnFile Mp4(long length, int width = 1920, int height = 1080, double durationSeconds = 600)
    {
        var mvhd = new byte[100];
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(12), 1000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(16), (uint)(durationSeconds * 1000));
        var tkhd = new byte[84];
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(76), (uint)width << 16);
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(80), (uint)height << 16);
        var moov = Box("moov", [.. Box("mvhd", mvhd), .. Box("trak", Box("tkhd", tkhd))]);
        var ftyp = Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isomiso2mp41"u8]);
        byte[] header = [.. ftyp, .. moov, 0, 0, 0, 0, .. "mdat"u8]; // mdat size 0: runs to the end of the file
        return CdnFile.Generated(header, length, "video/mp4");
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }
}
