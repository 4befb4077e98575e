using System.Buffers.Binary;

namespace Silo.Media.Archiving;

/// <summary>
/// Reads a stored MP4/MOV's duration and frame size from its <c>moov</c> box (mvhd, tkhd), seeking
/// through the file: a 1 GB video costs a few small reads, wherever its moov box sits.
/// </summary>
public static class Mp4Probe
{
    public sealed record VideoInfo(int? Width, int? Height, double? DurationSeconds);

    public static VideoInfo? Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var moov = FindBox(file, 0, file.Length, "moov");
            if (moov is null) return null;
            double? duration = null;
            int? width = null, height = null;
            if (FindBox(file, moov.Value.Start, moov.Value.End, "mvhd") is { } mvhd)
            {
                var d = ReadBytes(file, mvhd.Start, 32);
                var v1 = d[0] == 1;
                var timescale = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(v1 ? 20 : 12));
                var length = v1 ? BinaryPrimitives.ReadUInt64BigEndian(d.AsSpan(24)) : BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(16));
                if (timescale > 0) duration = (double)length / timescale;
            }
            var position = moov.Value.Start;
            while (FindBox(file, position, moov.Value.End, "trak") is { } trak && width is null)
            {
                if (FindBox(file, trak.Start, trak.End, "tkhd") is { } tkhd)
                {
                    var d = ReadBytes(file, tkhd.Start, 96);
                    var offset = d[0] == 1 ? 88 : 76;
                    var w = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(offset)) >> 16;
                    var h = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(offset + 4)) >> 16;
                    if (w > 0 && h > 0) (width, height) = ((int)w, (int)h);
                }
                position = trak.End;
            }
            return new VideoInfo(width, height, duration);
        }
        catch (Exception e) when (e is IOException or ArgumentException or EndOfStreamException)
        {
            return null; // unknown shape: the file is kept, its metadata stays empty
        }
    }

    private static (long Start, long End)? FindBox(Stream file, long from, long to, string type)
    {
        var position = from;
        Span<byte> header = stackalloc byte[16];
        while (position + 8 <= to)
        {
            file.Position = position;
            file.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerLength = 8;
            if (size == 1)
            {
                file.ReadExactly(header[8..16]);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
                headerLength = 16;
            }
            else if (size == 0) size = to - position;
            if (size < headerLength) return null;
            if (System.Text.Encoding.ASCII.GetString(header[4..8]) == type) return (position + headerLength, Math.Min(position + size, to));
            position += size;
        }
        return null;
    }

    private static byte[] ReadBytes(Stream file, long at, int count)
    {
        var bytes = new byte[count];
        file.Position = at;
        var read = file.ReadAtLeast(bytes, count, throwOnEndOfStream: false);
        return read == count ? bytes : bytes[..read].Concat(new byte[count - read]).ToArray();
    }
}
