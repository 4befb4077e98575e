using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Media.Archiving;

/// <summary>YouTube items (seed 003): the video in download mode, its details and subtitle files in both modes.</summary>
public sealed partial class MediaArchiver
{
    private async Task<ArchiveOutcome> ArchiveWithYtDlpAsync(StorageOwner owner, PostMedia item, Uri url, CancellationToken cancellationToken)
    {
        using var result = await ytDlp.DownloadAsync(url, withVideo: true, cancellationToken);
        var files = new List<StoredMediaFile>();
        await StoreAsync(owner, item, result.Video!, files, cancellationToken);
        Describe(item, result.Details);
        var subtitles = await StoreSubtitlesAsync(owner, item, result, files, cancellationToken);
        return new ArchiveOutcome(files, subtitles);
    }

    /// <summary>
    /// Embed mode keeps the iframe and reads the video's details and subtitles without the video. A
    /// video whose details cannot be read for good (host not allowed, private, removed) keeps its embed,
    /// with the reason in its note; a passing failure is retried like any download.
    /// </summary>
    private async Task<ArchiveOutcome> ReadYouTubeDetailsAsync(StorageOwner owner, PostMedia item, Uri url, CancellationToken cancellationToken)
    {
        if (item.EmbedHtml is null && policies.CurrentValue.YouTube.DownloadIfEmbedFails)
            return await DownloadInsteadAsync(owner, item, url, "no YouTube player can be made from its link", cancellationToken);
        YtDlpResult result;
        try { result = await ytDlp.DownloadAsync(url, withVideo: false, cancellationToken); }
        catch (DownloadException e) when (e.Kind == DownloadFailureKind.Final)
        {
            (item.Status, item.Note) = (MediaItemStatus.Skipped, $"Embedded; details not read: {e.Message}");
            return ArchiveOutcome.None;
        }
        if (result.Details.PlayableInEmbed == false && policies.CurrentValue.YouTube.DownloadIfEmbedFails)
        {
            result.Dispose();
            return await DownloadInsteadAsync(owner, item, url, "its uploader does not allow embedding", cancellationToken);
        }
        using (result)
        {
            var files = new List<StoredMediaFile>();
            Describe(item, result.Details);
            var subtitles = await StoreSubtitlesAsync(owner, item, result, files, cancellationToken);
            await StoreThumbnailAsync(owner, item, result.Details.ThumbnailUrl, files, cancellationToken);
            (item.Status, item.Error, item.ArchivedAt) = (MediaItemStatus.Success, null, time.GetUtcNow());
            return new ArchiveOutcome(files, subtitles);
        }
    }

    /// <summary>
    /// Seed 003's <c>download_if_embed_fails</c>: a video that cannot be embedded is downloaded as in download mode, and stays
    /// a download on later attempts. The note says why.
    /// </summary>
    private async Task<ArchiveOutcome> DownloadInsteadAsync(StorageOwner owner, PostMedia item, Uri url, string reason, CancellationToken cancellationToken)
    {
        (item.Action, item.EmbedHtml) = (MediaAction.YtDlp, null);
        var outcome = await ArchiveWithYtDlpAsync(owner, item, url, cancellationToken);
        item.Note = $"downloaded, since the embed fails ({reason}); {item.Note}";
        return outcome;
    }

    /// <summary>
    /// An embedded video's thumbnail becomes its preview, as a downloaded video's frame does: fetched by the guarded client
    /// (so from <see cref="MediaOptions.AllowedHosts"/>: <c>i.ytimg.com</c>), scaled like any preview, stored content-addressed.
    /// A thumbnail that cannot be had leaves the embed without one, and the note says why.
    /// </summary>
    private async Task StoreThumbnailAsync(StorageOwner owner, PostMedia item, string? thumbnailUrl, List<StoredMediaFile> files,
        CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(thumbnailUrl, UriKind.Absolute, out var url)) return;
        try
        {
            using var thumbnail = await fetcher.DownloadAsync(url, MediaKind.Image, cancellationToken);
            if (await StorePreviewAsync(owner, item.Slot, thumbnail, files, cancellationToken) is not { } preview)
            {
                item.Note += "; thumbnail not kept: it could not be scaled";
                return;
            }
            (item.PreviewSha256, item.PreviewUrl, item.PreviewWidth, item.PreviewHeight) =
                (preview.Sha256, store.PublicUrl(preview.StorageKey), preview.Width, preview.Height);
        }
        catch (DownloadException e)
        {
            item.Note += $"; thumbnail not kept: {e.Message}";
        }
    }

    private static void Describe(PostMedia item, YouTubeDetails details)
    {
        (item.Title, item.Uploader, item.Channel, item.UploadDate) = (details.Title, details.Uploader, details.Channel, details.UploadDate);
        if (item.Action == MediaAction.Embed) item.DurationSeconds = details.DurationSeconds;
    }

    /// <summary>Each WebVTT subtitle file becomes an item of the post (<c>youtube:subtitle:en</c>), stored content-addressed.</summary>
    private async Task<List<PostMedia>> StoreSubtitlesAsync(StorageOwner owner, PostMedia item, YtDlpResult result, List<StoredMediaFile> files, CancellationToken cancellationToken)
    {
        var items = new List<PostMedia>();
        var skipped = new List<string>();
        foreach (var (language, path) in result.Subtitles.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            using var subtitle = await WebVtt.ReadAsync(path, cancellationToken);
            if (subtitle is null) { skipped.Add(language); continue; }
            var media = new PostMedia
            {
                Slot = $"{item.Slot}:subtitle:{language}", Role = "subtitle", Kind = "subtitle", OriginalUrl = item.OriginalUrl,
                Action = item.Action, Language = language,
            };
            await StoreAsync(owner, media, subtitle, files, cancellationToken);
            items.Add(media);
        }
        item.Note = items.Count > 0 ? "subtitles: " + string.Join(", ", items.Select(i => i.Language))
            : policies.CurrentValue.YouTube.DownloadSubtitles ? "no subtitles found" : "subtitles not asked for";
        if (skipped.Count > 0) item.Note += $" (not WebVTT, not kept: {string.Join(", ", skipped)})";
        return items;
    }
}
