using System.Buffers.Binary;

namespace Silo.Cluster.Tests.Support;

/// <summary>Small PNGs with a real signature and IHDR (what the archiver's magic-byte check and dimension probe read), distinct per seed.</summary>
public static class TestImages
{
    public static byte[] Png(int seed, int size = 4096)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        byte[] header = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        header.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 320);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 200);
        return bytes;
    }
}
