namespace Silo.Simulators.MetaCdn;

/// <summary>A file the CDN serves: fixed bytes, or a generated body of any length that is never held in memory.</summary>
public sealed record CdnFile(string ContentType, long Length, Func<long, byte> ByteAt, byte[]? Header = null)
{
    public static CdnFile FromBytes(byte[] content, string contentType) => new(contentType, content.Length, i => content[i], content);

    /// <summary>
    /// A body of <paramref name="length"/> bytes that starts with <paramref name="header"/>, ends with
    /// <paramref name="trailer"/> and in between continues with <see cref="Pattern"/> of <paramref name="seed"/>.
    /// </summary>
    public static CdnFile Generated(byte[] header, long length, string contentType, int seed = 0, byte[]? trailer = null)
    {
        var tail = length - (trailer?.Length ?? 0);
        return new(contentType, length, i => i < header.Length ? header[i] : i >= tail ? trailer![i - tail] : Pattern(i, seed), header);
    }

    /// <summary>The filler byte at offset <paramref name="i"/> of a generated body.</summary>
    public static byte Pattern(long i, int seed) => (byte)((i * 31 + seed) % 251);
}
