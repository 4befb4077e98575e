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
public sealed class MediaArchiver(MediaFetcher fetcher, IBlobStore store, YtDlpDownloader ytDlp, NpgsqlDataSource database,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    /// <summary>Fills <paramref name="item"/> from the stored content; returns the file when it was newly stored.</summary>
    public async Task<StoredMediaFile?> ArchiveAsync(PostMedia item, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(item.OriginalUrl, UriKind.Absolute, out var url))
            throw new DownloadException(DownloadFailureKind.Final, "invalid_url", "The media URL is not an absolute URL.");
        if (item.Action == MediaAction.YtDlp)
            return await ArchiveWithYtDlpAsync(item, url, cancellationToken);
        using var file = await fetcher.DownloadAsync(url, item.Kind == "video" ? MediaKind.Video : MediaKind.Image, cancellationToken);
        return await StoreAsync(item, file, cancellationToken);
    }

    private async Task<StoredMediaFile?> ArchiveWithYtDlpAsync(PostMedia item, Uri url, CancellationToken cancellationToken)
    {
        using var result = await ytDlp.DownloadAsync(url, cancellationToken);
        var stored = await StoreAsync(item, result.Video, cancellationToken);
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

    private async Task<StoredMediaFile?> StoreAsync(PostMedia item, DownloadedFile file, CancellationToken cancellationToken)
    {
        var existingKey = await StoredKeyAsync(file.Sha256, cancellationToken);
        StoredMediaFile? stored = null;
        if (existingKey is null)
        {
            await store.PutFileAsync(file.StorageKey, file.TempPath, file.MimeType, cancellationToken);
            stored = new StoredMediaFile(file.Sha256, file.StorageKey, store.Name, file.Size, file.MimeType, file.Width, file.Height, file.DurationSeconds);
        }
        var key = existingKey ?? file.StorageKey;
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

    private async Task<string?> StoredKeyAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select storage_key from media_files where sha256 = @sha256");
        command.Parameters.AddWithValue("sha256", sha256);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
