using System.Buffers;
using System.Security.Cryptography;
using Silo.Media.BlobStores;

namespace Silo.Media.Scrub;

/// <summary>Re-reads one stored object through the node's <see cref="ScrubThrottle"/> and hashes it, a buffer at a time.</summary>
public sealed class StoredFileCheck(IBlobStore store, ScrubThrottle throttle)
{
    private const int BufferBytes = 256 * 1024;

    /// <summary>The object's SHA-256 and size, or null when nothing is stored under <paramref name="key"/>.</summary>
    public async Task<(string Sha256, long Size)?> HashAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null) return null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            long size = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferBytes), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
                await throttle.TakeAsync(read, cancellationToken);
            }
            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
