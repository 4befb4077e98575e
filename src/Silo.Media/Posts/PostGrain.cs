using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.BlobStores;
using Silo.Media.Meta;
using Silo.Hosting.Grains;

namespace Silo.Media.Posts;

/// <summary>
/// One post (seed 000's <c>meta_publicaciones_webhook</c> row): archives its media as soon as it
/// arrives and retries by its own reminder with backoff. Downloads are content-addressed, so a turn
/// replayed after a crash stores nothing twice.
/// </summary>
public sealed partial class PostGrain(MediaArchiver archiver, MediaPolicy policy, MetaGraphClient graph,
    IOptions<MediaOptions> options, TimeProvider time, ILogger<PostGrain> logger) : Grain<PostState>
{
    public const string RetryReminder = "archive-retry";

    public override Task ReceiveAsync(object message, CancellationToken cancellationToken) => message switch
    {
        PostReceived received => OnReceivedAsync(received, cancellationToken),
        ArchiveRetryRequested => OnRetryRequestedAsync(cancellationToken),
        _ => base.ReceiveAsync(message, cancellationToken),
    };

    public override Task ReceiveReminder(string reminderName, TickStatus status, CancellationToken cancellationToken) =>
        reminderName == RetryReminder ? ArchiveAsync(cancellationToken) : Task.CompletedTask;

    private async Task OnReceivedAsync(PostReceived received, CancellationToken cancellationToken)
    {
        if (!State.Exists)
        {
            (State.Exists, State.Source, State.SourcePostId, State.Tenant) = (true, received.Source, received.SourcePostId, received.Tenant);
            State.Status = PostStatus.Pending;
        }
        State.Message = received.Message ?? State.Message;
        State.ItemType = received.ItemType ?? State.ItemType;
        State.Permalink = received.Permalink ?? State.Permalink;
        State.GraphObjectId = received.GraphObjectId ?? State.GraphObjectId;

        // Seed 000: stories (no message) are not archived.
        if (received.IsStory || (received.Source == "facebook" && string.IsNullOrWhiteSpace(State.Message)))
        {
            if (State.Status != PostStatus.Success) State.Status = PostStatus.Skipped;
            return;
        }
        var changed = Merge(received.Media);
        if (State.Status == PostStatus.Success && !changed) return; // redelivered or re-polled: already archived
        if (State.Status == PostStatus.Error && !changed && State.NextRetryAt is not null) return; // its reminder will retry
        if (changed) State.Attempts = 0; // new links are a new piece of work with its own attempts
        await ArchiveAsync(cancellationToken);
    }

    private Task OnRetryRequestedAsync(CancellationToken cancellationToken)
    {
        if (!State.Exists || State.Status is PostStatus.Success or PostStatus.Skipped) return Task.CompletedTask;
        State.Attempts = 0;
        foreach (var item in State.Media.Where(m => m.Status == "error")) (item.Status, item.Error) = ("pending", null);
        UnregisterReminder(RetryReminder);
        return ArchiveAsync(cancellationToken);
    }

    /// <summary>Adds new slots and refreshes links not archived yet; true when there is new work.</summary>
    private bool Merge(IEnumerable<MediaItem> items)
    {
        var changed = false;
        foreach (var item in items)
        {
            var existing = State.Media.Find(m => m.Slot == item.Slot);
            if (existing is not null && existing.Status == "success" && SameFile(existing.OriginalUrl, item.Url)) continue;
            if (existing is not null && existing.Status != "success")
            {
                changed |= existing.Status != "skipped" && existing.OriginalUrl != item.Url;
                existing.OriginalUrl = item.Url;
                if (existing.Status == "error") (existing.Status, existing.Error, changed) = ("pending", null, true);
                continue;
            }
            if (existing is not null)
            {
                State.Media.Remove(existing); // an edit put another file in this slot
                if (existing.Sha256 is not null) State.ReleasedHashes.Add(existing.Sha256);
            }
            var media = new PostMedia { Slot = item.Slot, Role = RoleOf(item.Slot), Kind = item.Kind, OriginalUrl = item.Url };
            policy.Apply(State.Source, media);
            State.Media.Add(media);
            changed |= media.Status == "pending";
        }
        State.LinksExpireAt = State.Media.Where(m => m.Status == "pending").Select(m => CdnLinkExpiry.Read(m.OriginalUrl)).Min();
        return changed;
    }

    private async Task ArchiveAsync(CancellationToken cancellationToken)
    {
        var needsLinks = State.Media.Count == 0 && State.GraphObjectId is not null && State.Source is "facebook" or "instagram";
        if (!needsLinks && !State.Media.Any(IsPending))
        {
            Finish(failure: null);
            return;
        }
        State.Attempts++;
        State.Status = PostStatus.Downloading;
        State.NextRetryAt = null;
        await WriteStateAsync(cancellationToken); // visible as downloading while the files stream

        DownloadException? transient = null, final = null;
        var refreshed = false;
        if (needsLinks) (refreshed, transient) = (true, await RefreshLinksAsync(cancellationToken));

        // Links that expire first are fetched first.
        foreach (var item in State.Media.Where(IsPending).OrderBy(m => CdnLinkExpiry.Read(m.OriginalUrl) ?? DateTimeOffset.MaxValue).ToList())
        {
            try
            {
                await ArchiveItemAsync(item, cancellationToken);
            }
            catch (DownloadException e) when (e.Kind == DownloadFailureKind.Expired && !refreshed)
            {
                refreshed = true;
                LogLinkExpired(logger, GrainId.Key, item.Slot);
                if (await RefreshLinksAsync(cancellationToken) is { } graphError) { transient = graphError; continue; }
                try { await ArchiveItemAsync(item, cancellationToken); }
                catch (DownloadException again) { Classify(item, again, ref transient, ref final); }
            }
            catch (DownloadException e)
            {
                Classify(item, e, ref transient, ref final);
            }
        }
        Finish(transient ?? final);
    }

    private async Task ArchiveItemAsync(PostMedia item, CancellationToken cancellationToken)
    {
        if (item.Action == MediaAction.Download && CdnLinkExpiry.HasExpired(item.OriginalUrl, time.GetUtcNow()))
            throw new DownloadException(DownloadFailureKind.Expired, "link_expired", "The link's oe expiry has passed.");
        try
        {
            if (await archiver.ArchiveAsync(item, cancellationToken) is { } stored) State.NewFiles.Add(stored);
            State.ResolvedAlerts.Add(AlertKinds.StorageUnavailable);
        }
        catch (BlobStoreUnavailableException e)
        {
            State.RaisedAlerts.Add((AlertKinds.StorageUnavailable, e.Message));
            throw new DownloadException(DownloadFailureKind.Storage, "storage_unavailable", e.Message, e);
        }
    }

    private async Task<DownloadException?> RefreshLinksAsync(CancellationToken cancellationToken)
    {
        if (State.GraphObjectId is null)
            return new DownloadException(DownloadFailureKind.Final, "link_expired", "The link expired and the post has no Graph object id to refresh it.");
        try
        {
            Merge(await graph.ResolveMediaAsync(State.Source, State.GraphObjectId, cancellationToken));
            return null;
        }
        catch (Exception e) when (e is MetaGraphException or HttpRequestException or JsonException or TaskCanceledException)
        {
            return new DownloadException(DownloadFailureKind.Transient, "graph_error", $"Refreshing links through the Graph API failed: {e.Message}", e);
        }
    }

    private static void Classify(PostMedia item, DownloadException e, ref DownloadException? transient, ref DownloadException? final)
    {
        item.Error = e.Message;
        if (e.Kind == DownloadFailureKind.Final)
        {
            item.Status = "error";
            final ??= e;
        }
        else transient ??= e; // expired even after a refresh counts as a retryable failure
    }

    private void Finish(DownloadException? failure)
    {
        var now = time.GetUtcNow();
        if (failure is null)
        {
            State.Status = State.Media.Any(m => m.Status == "error") ? PostStatus.Error : PostStatus.Success;
            State.ArchivedAt ??= now;
            State.NextRetryAt = null;
            if (State.Attempts > 0) State.NewAttempts.Add((State.Attempts, true, null));
            return;
        }
        State.Status = PostStatus.Error;
        State.LastError = new PostError(failure.Message, failure.ErrorType, now, State.Attempts);
        State.NewAttempts.Add((State.Attempts, false, failure.ErrorType));
        LogArchiveFailed(logger, GrainId.Key, State.Attempts, failure.ErrorType);
        if (failure.Kind != DownloadFailureKind.Final && State.Attempts < options.Value.MaxAttempts)
        {
            var delay = options.Value.RetryDelay(State.Attempts);
            State.NextRetryAt = now + delay;
            RegisterOrUpdateReminder(RetryReminder, delay);
        }
    }

    private static bool IsPending(PostMedia m) => m.Status == "pending" && m.Action is MediaAction.Download or MediaAction.YtDlp;

    private static bool SameFile(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
            ? x.GetLeftPart(UriPartial.Path) == y.GetLeftPart(UriPartial.Path) // CDN signatures change, the file does not
            : a == b;

    private static string RoleOf(string slot) => slot.EndsWith(":video", StringComparison.Ordinal) ? "video" : slot.Split(':')[0];
}
