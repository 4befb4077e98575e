using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Hosting.Hosting;
using Silo.Media.Archiving.Probing;
using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Media.Archiving;

/// <summary>
/// Archives one media item: download (guarded, hashed while streaming, probed), then store under the
/// content hash unless that content is already stored, in which case the item simply points at it
/// (seed 003). Videos and large images get a preview stored beside them the same way (seed 002).
/// </summary>
public sealed partial class MediaArchiver(MediaFetcher fetcher, IBlobStore store, StorageKeys keys, YtDlpDownloader ytDlp, PreviewMaker previews,
    FormatConverter converter, IOptionsMonitor<MediaPolicyOptions> policies, NpgsqlDataSource database,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<MediaArchiver> logger)
{
    /// <summary>Fills <paramref name="item"/> from the stored content; returns what was newly stored and the items it brought.</summary>
    public async Task<ArchiveOutcome> ArchiveAsync(StorageOwner owner, PostMedia item, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(item.OriginalUrl, UriKind.Absolute, out var url))
            throw new DownloadException(DownloadFailureKind.Final, "invalid_url", "The media URL is not an absolute URL.");
        if (item.Action == MediaAction.YtDlp) return await ArchiveWithYtDlpAsync(owner, item, url, cancellationToken);
        if (item.Action == MediaAction.Embed) return await ReadYouTubeDetailsAsync(owner, item, url, cancellationToken);
        var kind = item.Kind switch { "video" => MediaKind.Video, "audio" => MediaKind.Audio, _ => MediaKind.Image };
        using var file = await fetcher.DownloadAsync(url, kind, cancellationToken);
        using var converted = await ConvertAsync(owner.Source, file, cancellationToken);
        var files = new List<StoredMediaFile>();
        await StoreAsync(owner, item, converted, files, cancellationToken);
        if (!ReferenceEquals(converted, file)) item.Note = $"converted from {file.MimeType} to {converted.Extension}";
        return new ArchiveOutcome(files, []);
    }

    /// <summary>The file in the format its source's policy asks for its kind (seed 003: Patreon videos as MP4, audio as MP3), or as it came.</summary>
    private Task<DownloadedFile> ConvertAsync(string source, DownloadedFile file, CancellationToken cancellationToken)
    {
        var policy = policies.CurrentValue.For(source);
        var format = file.Kind switch { MediaKind.Video => policy.VideoFormat, MediaKind.Audio => policy.AudioFormat, _ => null };
        return string.IsNullOrEmpty(format) ? Task.FromResult(file) : converter.ConvertAsync(file, format, cancellationToken);
    }

    private async Task StoreAsync(StorageOwner owner, PostMedia item, DownloadedFile file, List<StoredMediaFile> newFiles, CancellationToken cancellationToken)
    {
        var existing = await StoredAsync(file.Sha256, cancellationToken);
        var key = existing?.StorageKey ?? await FreeKeyAsync(keys.KeyFor(owner, item.Slot, file.Sha256, file.Extension), file.Sha256, cancellationToken);
        if (existing is null) await store.PutFileAsync(key, file.TempPath, file.MimeType, cancellationToken);
        else if (await MediaFileRows.IsDamagedAsync(database, file.Sha256, cancellationToken))
        {
            // The scrub found this content's object missing or corrupted and could not fetch it again: these are its bytes.
            await store.PutFileAsync(key, file.TempPath, file.MimeType, cancellationToken);
            await MediaFileRows.StoredAgainAsync(database, file.Sha256, cancellationToken);
        }

        var preview = existing?.Preview;
        // A preview the scrub found damaged has no link to fetch it from: it is made again from the file in hand.
        if (preview is not null && await MediaFileRows.IsDamagedAsync(database, preview.Sha256, cancellationToken)) preview = null;
        if (preview is null && previews.Wants(file))
        {
            preview = await StorePreviewAsync(owner, item.Slot, file, newFiles, cancellationToken);
            // A content whose row holds no preview yet gets the one just made (the row is otherwise left as it is).
            if (preview is not null || existing is null) newFiles.Add(Record(file, key, preview?.Sha256));
        }
        else if (existing is null) newFiles.Add(Record(file, key, preview?.Sha256));

        // The kind is what the bytes hold, whatever the post declared (an MP3 sent as video is audio; a photo in a video slot an image).
        item.Kind = KindName(file.Kind);
        item.Sha256 = file.Sha256;
        item.StorageKey = key;
        item.PublicUrl = store.PublicUrl(key);
        item.Size = file.Size;
        item.MimeType = file.MimeType;
        (item.Width, item.Height, item.DurationSeconds) = (file.Width, file.Height, file.DurationSeconds);
        (item.VideoCodec, item.AudioCodec, item.Orientation) = (file.VideoCodec, file.AudioCodec, file.Orientation);
        (item.PreviewSha256, item.PreviewUrl, item.PreviewWidth, item.PreviewHeight) =
            (preview?.Sha256, preview is null ? null : store.PublicUrl(preview.StorageKey), preview?.Width, preview?.Height);
        item.Status = MediaItemStatus.Success;
        item.Error = null;
        item.ArchivedAt = time.GetUtcNow();
    }

    /// <summary>Makes and stores a preview; null (and logged) when ffmpeg cannot make one, which never fails the item.</summary>
    private async Task<StoredPreview?> StorePreviewAsync(StorageOwner owner, string slot, DownloadedFile file, List<StoredMediaFile> newFiles,
        CancellationToken cancellationToken)
    {
        using var preview = await previews.MakeAsync(file, cancellationToken);
        if (preview is null)
        {
            LogNoPreview(logger, file.Sha256, file.MimeType);
            return null;
        }
        if (await StoredAsync(preview.Sha256, cancellationToken) is { } stored)
        {
            if (await MediaFileRows.IsDamagedAsync(database, preview.Sha256, cancellationToken))
            {
                await store.PutFileAsync(stored.StorageKey, preview.TempPath, preview.MimeType, cancellationToken);
                await MediaFileRows.StoredAgainAsync(database, preview.Sha256, cancellationToken);
            }
            return new(preview.Sha256, stored.StorageKey, preview.Width, preview.Height);
        }
        var key = await FreeKeyAsync(keys.ThumbnailKeyFor(owner, slot, preview.Sha256, preview.Extension), preview.Sha256, cancellationToken);
        await store.PutFileAsync(key, preview.TempPath, preview.MimeType, cancellationToken);
        newFiles.Add(Record(preview, key, null));
        return new(preview.Sha256, key, preview.Width, preview.Height);
    }

    /// <summary>The item's <c>kind</c> as the API and the library's filter name it.</summary>
    public static string KindName(MediaKind kind) => kind switch
    {
        MediaKind.Video => "video",
        MediaKind.Audio => "audio",
        MediaKind.Subtitle => "subtitle",
        _ => "image",
    };

    private StoredMediaFile Record(DownloadedFile file, string key, string? previewSha256) =>
        new(file.Sha256, key, store.Name, file.Size, file.MimeType, file.Width, file.Height, file.DurationSeconds)
        {
            VideoCodec = file.VideoCodec, AudioCodec = file.AudioCodec, Orientation = file.Orientation, PreviewSha256 = previewSha256,
        };

    /// <summary>A readable name (seed layout) already holding other bytes (the post was edited) gets the hash beside it; a hash name never does.</summary>
    private async Task<string> FreeKeyAsync(string key, string sha256, CancellationToken cancellationToken) =>
        await MediaFileRows.HoldsOtherContentAsync(database, key, sha256, cancellationToken) ? StorageKeys.Disambiguate(key, sha256) : key;

    private Task<StoredContent?> StoredAsync(string sha256, CancellationToken cancellationToken) =>
        MediaFileRows.StoredAsync(database, sha256, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No preview could be made of {Sha256} ({MimeType}); the file is stored without one")]
    private static partial void LogNoPreview(ILogger logger, string sha256, string mimeType);
}
