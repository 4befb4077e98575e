using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Silo.Hosting.Hosting;
using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Media.Archiving;

/// <summary>
/// Archives one media item: download (guarded, hashed while streaming), then store under the content
/// hash unless that content is already stored, in which case the item simply points at it (seed 003).
/// </summary>
public sealed class MediaArchiver(MediaFetcher fetcher, IBlobStore store, StorageKeys keys, YtDlpDownloader ytDlp, NpgsqlDataSource database,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    /// <summary>Fills <paramref name="item"/> from the stored content; returns the file when it was newly stored.</summary>
    public async Task<StoredMediaFile?> ArchiveAsync(StorageOwner owner, PostMedia item, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(item.OriginalUrl, UriKind.Absolute, out var url))
            throw new DownloadException(DownloadFailureKind.Final, "invalid_url", "The media URL is not an absolute URL.");
        if (item.Action == MediaAction.YtDlp)
            return await ArchiveWithYtDlpAsync(owner, item, url, cancellationToken);
        using var file = await fetcher.DownloadAsync(url, item.Kind == "video" ? MediaKind.Video : MediaKind.Image, cancellationToken);
        return await StoreAsync(owner, item, file, cancellationToken);
    }

    private async Task<StoredMediaFile?> ArchiveWithYtDlpAsync(StorageOwner owner, PostMedia item, Uri url, CancellationToken cancellationToken)
    {
        using var result = await ytDlp.DownloadAsync(url, cancellationToken);
        var stored = await StoreAsync(owner, item, result.Video, cancellationToken);
        var subtitles = new List<string>();
        foreach (var (language, subtitle) in result.Subtitles)
        {
            var key = $"subtitles/{result.Video.Sha256}.{language}.vtt";
            await store.PutFileAsync(key, subtitle, "text/vtt", cancellationToken);
            subtitles.Add($"{language}={store.PublicUrl(key)}");
        }
        item.Note = subtitles.Count > 0 ? "subtitles: " + string.Join(" ", subtitles) : "no subtitles found";
        return stored;
    }

    private async Task<StoredMediaFile?> StoreAsync(StorageOwner owner, PostMedia item, DownloadedFile file, CancellationToken cancellationToken)
    {
        var existingKey = await StoredKeyAsync(file.Sha256, cancellationToken);
        StoredMediaFile? stored = null;
        if (existingKey is null)
        {
            var newKey = keys.KeyFor(owner, item.Slot, file.Sha256, file.Extension);
            if (await HoldsOtherContentAsync(newKey, file.Sha256, cancellationToken)) newKey = StorageKeys.Disambiguate(newKey, file.Sha256);
            await store.PutFileAsync(newKey, file.TempPath, file.MimeType, cancellationToken);
            stored = new StoredMediaFile(file.Sha256, newKey, store.Name, file.Size, file.MimeType, file.Width, file.Height, file.DurationSeconds);
        }
        var key = existingKey ?? stored!.StorageKey;
        item.Sha256 = file.Sha256;
        item.StorageKey = key;
        item.PublicUrl = store.PublicUrl(key);
        item.Size = file.Size;
        item.MimeType = file.MimeType;
        (item.Width, item.Height, item.DurationSeconds) = (file.Width, file.Height, file.DurationSeconds);
        item.Status = "success";
        item.Error = null;
        item.ArchivedAt = time.GetUtcNow();
        return stored;
    }

    /// <summary>A readable name (seed layout) is reused when a post's picture is replaced; a hash name never holds other bytes.</summary>
    private async Task<bool> HoldsOtherContentAsync(string key, string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select exists (select 1 from media_files where storage_key = @key and sha256 <> @sha256)");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("sha256", sha256);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<string?> StoredKeyAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select storage_key from media_files where sha256 = @sha256");
        command.Parameters.AddWithValue("sha256", sha256);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
