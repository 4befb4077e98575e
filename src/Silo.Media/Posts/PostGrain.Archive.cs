using Silo.Hosting.Meta;
using Silo.Media.Archiving;
using Silo.Media.BlobStores;
using Silo.Media.Meta;

namespace Silo.Media.Posts;

/// <summary>One archive attempt of a post: its media downloaded in expiry order, expired links re-read from the Graph API once.</summary>
public sealed partial class PostGrain
{
    private async Task ArchiveAsync(CancellationToken cancellationToken)
    {
        if (!HasDownloadWork())
        {
            Finish(failure: null);
            await post.WriteStateAsync();
            return;
        }
        if (State.Status == PostStatus.Downloading && State.Attempts >= options.Value.MaxAttempts)
        {
            // The last attempt was cut short (its node died, or it was deactivated): not resumed forever.
            Finish(new DownloadException(DownloadFailureKind.Transient, "interrupted", "The last archive attempt was interrupted before it finished."));
            await post.WriteStateAsync();
            return;
        }
        var needsLinks = NeedsLinks();
        State.Attempts++;
        State.Status = PostStatus.Downloading;
        State.NextRetryAt = null;
        await post.WriteStateAsync(); // visible as downloading while the files stream

        DownloadException? transient = null, final = null;
        var refreshed = false;
        if (needsLinks) (refreshed, transient) = (true, await RefreshLinksAsync(cancellationToken));

        // Links that expire first are fetched first. Picked one at a time, since a refresh of the links can add items (a slot
        // the Graph API names) and drop some (the webhook's slot it supersedes); each is tried once per attempt.
        var tried = new HashSet<PostMedia>(ReferenceEqualityComparer.Instance);
        while (State.Media.Where(m => IsPending(m) && !tried.Contains(m))
                   .MinBy(m => CdnLinkExpiry.Read(m.OriginalUrl) ?? DateTimeOffset.MaxValue) is { } item)
        {
            tried.Add(item);
            try
            {
                await ArchiveItemAsync(item, cancellationToken);
            }
            catch (DownloadException e) when (e.Kind == DownloadFailureKind.Expired && !refreshed)
            {
                refreshed = true;
                LogLinkExpired(logger, Key, item.Slot);
                if (await RefreshLinksAsync(cancellationToken) is { } graphError) { transient = graphError; continue; }
                if (!State.Media.Contains(item)) continue; // the refreshed post no longer lists it
                try { await ArchiveItemAsync(item, cancellationToken); }
                catch (DownloadException again) { Classify(item, again, ref transient, ref final); }
            }
            catch (DownloadException e)
            {
                Classify(item, e, ref transient, ref final);
            }
        }
        Finish(transient ?? final);
        // Stored; the work loop then sets the retry's timer or reminder, or ends the work.
        await post.WriteStateAsync();
    }

    private async Task ArchiveItemAsync(PostMedia item, CancellationToken cancellationToken)
    {
        if (item.Action == MediaAction.Download && CdnLinkExpiry.HasExpired(item.OriginalUrl, time.GetUtcNow()))
            throw new DownloadException(DownloadFailureKind.Expired, "link_expired", "The link's oe expiry has passed.");
        try
        {
            var owner = new StorageOwner(State.Tenant, State.Source, State.SourcePostId);
            var outcome = await archiver.ArchiveAsync(owner, item, cancellationToken);
            State.NewFiles.AddRange(outcome.NewFiles);
            foreach (var derived in outcome.Derived)
            {
                State.Media.RemoveAll(m => m.Slot == derived.Slot);
                State.Media.Add(derived);
            }
            State.ResolvedAlerts.Add(AlertKinds.StorageUnavailable);
            State.ResolvedAlerts.Add(AlertKinds.StorageFull);
        }
        catch (BlobStoreFullException e)
        {
            // Its own alert: only freeing space or raising a quota helps. The post keeps its attempts and retries.
            State.RaisedAlerts.Add((AlertKinds.StorageFull, e.Message));
            throw new DownloadException(DownloadFailureKind.Storage, "storage_full", e.Message, e);
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
            // The Graph API's answer is the post's whole media: a webhook's slot it supersedes (video → attachment:0:video) goes.
            Merge(await graph.ResolveMediaAsync(State.Source, State.GraphObjectId, cancellationToken), listsAll: true);
            return null;
        }
        catch (Exception e) when (e is GraphApiException or HttpRequestException or System.Text.Json.JsonException
            || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
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
        LogArchiveFailed(logger, Key, State.Attempts, failure.ErrorType, failure.Message);
        State.NextRetryAt = failure.Kind != DownloadFailureKind.Final && State.Attempts < options.Value.MaxAttempts
            ? now + options.Value.RetryDelay(State.Attempts)
            : null;
    }
}
