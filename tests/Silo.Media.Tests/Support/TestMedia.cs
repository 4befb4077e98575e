using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Silo.Media.Tests.Support;

/// <summary>Small PNG files whose header is real (IHDR) and whose bodies differ by seed; real files of every format are in <see cref="RealMedia"/>.</summary>
public static class TestMedia
{
    /// <summary>
    /// A PNG of <paramref name="size"/> bytes: signature, a real IHDR, the seeded body as a private
    /// ancillary chunk (<c>raNd</c>, which readers skip) and IEND. It has no pixels to decode.
    /// </summary>
    public static byte[] Png(int width, int height, int size = 2048, int seed = 1)
    {
        var bytes = new byte[Math.Max(size, 57)];
        new Random(seed).NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        Chunk(bytes, 8, "IHDR", 13);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        byte[] ihdr = [8, 2, 0, 0, 0]; // 8-bit RGB, no interlace
        ihdr.CopyTo(bytes, 24);
        Chunk(bytes, 33, "raNd", bytes.Length - 57);
        Chunk(bytes, bytes.Length - 12, "IEND", 0);
        return bytes;
    }

    /// <summary>Writes a chunk's length and type at <paramref name="at"/>; its data and CRC stay as they are.</summary>
    private static void Chunk(byte[] bytes, int at, string type, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(bytes, at + 4);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
