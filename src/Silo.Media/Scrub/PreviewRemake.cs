using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Media.Archiving;
using Silo.Media.Archiving.Probing;
using Silo.Media.BlobStores;

namespace Silo.Media.Scrub;

/// <summary>
/// Makes a missing or corrupted preview again from its original, read back from the store: a preview has no link of its own,
/// but it is made from the original by ffmpeg with fixed settings, so an intact original gives the same bytes. They go back
/// under the preview's key only when they hash to its SHA-256 (another ffmpeg may make other bytes: then it stays unrepaired).
/// </summary>
public sealed class PreviewRemake(NpgsqlDataSource database, IBlobStore store, PreviewMaker previews, ScrubThrottle throttle, IOptions<MediaOptions> options)
{
    private const int BufferBytes = 256 * 1024;

    /// <summary>Null once the preview is back under <paramref name="key"/>; otherwise why it could not be.</summary>
    public async Task<string?> TryAsync(string sha256, string key, CancellationToken cancellationToken)
    {
        var originals = await OriginalsAsync(sha256, cancellationToken);
        if (originals.Count == 0) return "no downloaded post item holds this file, so there is no link to fetch it from again";
        string? why = null;
        foreach (var original in originals)
        {
            try
            {
                using var file = await ReadIntactAsync(original, cancellationToken);
                if (file is null)
                {
                    why = $"it is a preview, and its original ({original.StorageKey}) is missing or corrupted too";
                    continue;
                }
                using var preview = await previews.MakeAsync(file, cancellationToken);
                if (preview is null) why = "it is a preview, and ffmpeg could not make one again from its original";
                else if (preview.Sha256 != sha256) why = $"it is a preview, and the one made again from its original hashes otherwise ({preview.Sha256[..12]}…)";
                else
                {
                    await store.PutFileAsync(key, preview.TempPath, preview.MimeType, cancellationToken);
                    return null;
                }
            }
            catch (Exception e) when (e is BlobStoreUnavailableException or BlobStoreFullException or IOException)
            {
                why = e.Message;
            }
        }
        return why;
    }

    /// <summary>The original copied to a temporary file, or null when the store's bytes are gone or no longer hash to it.</summary>
    private async Task<DownloadedFile?> ReadIntactAsync(Original original, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(original.StorageKey, cancellationToken);
        if (stream is null) return null;
        var folder = options.Value.TempFolder ?? Path.Combine(Path.GetTempPath(), "silo-media");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.original{Path.GetExtension(original.StorageKey)}");
        var file = new DownloadedFile(path, original.Sha256, original.Size, original.MimeType, Path.GetExtension(original.StorageKey).TrimStart('.'),
            original.Width, original.Height, original.DurationSeconds) { Kind = original.MimeType.StartsWith("video/", StringComparison.Ordinal) ? MediaKind.Video : MediaKind.Image };
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            await using (var copy = File.Create(path))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferBytes), cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    await throttle.TakeAsync(read, cancellationToken);
                }
            }
            if (Convert.ToHexStringLower(hash.GetHashAndReset()) == original.Sha256) return file;
            file.Dispose();
            return null;
        }
        catch
        {
            file.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<List<Original>> OriginalsAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.PreviewOriginals);
        command.Parameters.Add(new NpgsqlParameter<string>("sha256", sha256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var originals = new List<Original>();
        while (await reader.ReadAsync(cancellationToken))
            originals.Add(new Original(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetDouble(6)));
        return originals;
    }

    private sealed record Original(string Sha256, string StorageKey, long Size, string MimeType, int? Width, int? Height, double? DurationSeconds);
}
