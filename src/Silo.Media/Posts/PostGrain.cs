using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Orleans.Storage;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Hosting.Work;
using Silo.Media.Archiving;
using Silo.Media.Meta;
using Silo.Media.Transcription;

namespace Silo.Media.Posts;

/// <summary>
/// One post (seed 000's <c>meta_publicaciones_webhook</c> row). <see cref="Receive"/> persists the
/// post and returns; its media is archived right after by the post's <see cref="WorkLoop"/>, so a
/// webhook's acknowledgement never waits on a download. The loop's reminder, registered for as long
/// as archive work is outstanding, retries with backoff and, after a crash, resumes the work on
/// whichever node then owns the post. Downloads are content-addressed, so work repeated after a crash stores nothing twice.
/// </summary>
[GrainType(PostIds.GrainType)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class PostGrain(
    [PersistentState("post", PostStorage.Name)] IPersistentState<PostState> post,
    MediaArchiver archiver, MediaPolicy policy, MetaGraphClient graph, IOptions<MediaOptions> options, IOptions<ReminderOptions> reminderOptions,
    IOptions<TranscriptionOptions> transcription, IHostApplicationLifetime lifetime,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<PostGrain> logger) : Grain, IPostGrain, IRemindable
{
    public const string ArchiveReminder = "archive";

    private WorkLoop? _work;

    private PostState State => post.State;

    private string Key => this.GetPrimaryKeyString();

    // The work is over once its transcripts are asked for (again, if a crash came first): only then may the reminder go.
    private WorkLoop Work => _work ??= new WorkLoop(this, post, ArchiveReminder, options.Value.ArchiveReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger, beforeReminderGoes: RequestTranscriptsAsync);

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, ArchiveReminder);

    public async Task<ReceiveOutcome> Receive(PostReceived received)
    {
        // The owner check comes first: another tenant learns nothing, not even that it repeated what the post holds.
        if (State.Exists && State.Tenant != received.Tenant) return ReceiveOutcome.OtherTenant;
        // A change made before the newest one applied (a retried delivery overtaken by a later edit) brings nothing newer.
        if (HoldsAlready(received) || received.ChangedAt < State.ChangedAt)
        {
            // A redelivery after a crash can reach a fresh activation before the post's reminder does: the work resumes now.
            if (IsWorkDue()) Work.Wake();
            return ReceiveOutcome.Duplicate;
        }
        try
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
            State.ChangedAt = received.ChangedAt ?? State.ChangedAt;

            var archive = false;
            if (IsStory(received))
            {
                if (State.Status != PostStatus.Success) State.Status = PostStatus.Skipped;
            }
            else
            {
                var changed = Merge(received.Media, received.ListsAllMedia);
                // Already archived and nothing new, or in error with its reminder due to retry: only the fields change.
                archive = !(State.Status == PostStatus.Success && !changed)
                    && !(State.Status == PostStatus.Error && !changed && State.NextRetryAt is not null);
                if (archive && changed) State.Attempts = 0; // new links are a new piece of work with its own attempts
            }
            await SaveWorkAsync(archive);
            return ReceiveOutcome.Stored;
        }
        catch
        {
            ForgetUnsavedState();
            throw;
        }
    }

    public async Task<bool> RetryArchive(string callerTenant)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant) || State.Status is PostStatus.Success or PostStatus.Skipped) return false;
        try
        {
            State.Attempts = 0;
            foreach (var item in State.Media.Where(m => m.Status == MediaItemStatus.Error)) (item.Status, item.Error) = (MediaItemStatus.Pending, null);
            await SaveWorkAsync(archive: true);
            return true;
        }
        catch
        {
            ForgetUnsavedState();
            throw;
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stores what <see cref="Receive"/> or <see cref="RetryArchive"/> changed: archive work is started by the work loop
    /// (made durable first); a post with nothing to download is finished here.
    /// </summary>
    private async Task SaveWorkAsync(bool archive)
    {
        if (archive && HasDownloadWork())
        {
            (State.Status, State.NextRetryAt) = (PostStatus.Pending, null);
            await Work.StartAsync();
            return;
        }
        if (archive) Finish(failure: null);
        await Work.SaveAsync();
    }

    /// <summary>One archive attempt; an error that is not a download failure (those are classified) counts as a failed attempt.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ArchiveAsync(cancellationToken);
        }
        catch (Exception e) when (e is not InconsistentStateException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Counted all the same, so an unexpected error retries with backoff and ends in error like any other.
            LogWorkInterrupted(logger, e, Key);
            Finish(new DownloadException(DownloadFailureKind.Transient, "internal_error", e.Message, e));
            await post.WriteStateAsync();
        }
    }

    /// <summary>When the next archive attempt is due: pending or cut short, at once; in error, at its retry time.</summary>
    private DateTimeOffset? NextStepAt() => !State.Exists ? null
        : State.Status is PostStatus.Pending or PostStatus.Downloading ? WorkLoop.AtOnce
        : State.Status == PostStatus.Error ? State.NextRetryAt
        : null;

    private bool IsWorkDue() => NextStepAt() <= time.GetUtcNow();

    private bool HasDownloadWork() => NeedsLinks() || State.Media.Any(IsPending);

    private bool NeedsLinks() => State.Media.Count == 0 && State.GraphObjectId is not null && State.Source is "facebook" or "instagram";

    /// <summary>
    /// A write that failed leaves this activation's state ahead of the tables (or behind another
    /// activation's, after <see cref="Orleans.Storage.InconsistentStateException"/>): the next call gets
    /// a fresh activation that reads them, and a redelivery is then not mistaken for a duplicate.
    /// </summary>
    private void ForgetUnsavedState() => this.DeactivateOnIdle();

    /// <summary>Whether the post already holds everything <paramref name="received"/> carries: a redelivery or a repeat.</summary>
    private bool HoldsAlready(PostReceived received) =>
        State.Exists
        // A newer stamp is stored even with the same fields, or a change made between the two could still overwrite them.
        && !(received.ChangedAt > State.ChangedAt)
        && (received.Message ?? State.Message) == State.Message && (received.ItemType ?? State.ItemType) == State.ItemType
        && (received.Permalink ?? State.Permalink) == State.Permalink && (received.GraphObjectId ?? State.GraphObjectId) == State.GraphObjectId
        && (IsStory(received)
            ? State.Status is PostStatus.Skipped or PostStatus.Success
            : received.Media.All(item => State.Media.Find(m => m.Slot == item.Slot) is { } m
                && (m.OriginalUrl == item.Url || m.Status == MediaItemStatus.Success && SameFile(m.OriginalUrl, item.Url)))
              && !(received.ListsAllMedia && Unlisted(received.Media).Any()));

    // Seed 000: stories (no message) are not archived.
    private bool IsStory(PostReceived received) =>
        received.IsStory || (received.Source == "facebook" && string.IsNullOrWhiteSpace(received.Message ?? State.Message));

    /// <summary>
    /// Adds new slots and refreshes links not archived yet; when <paramref name="listsAll"/>, drops what <see cref="Unlisted"/>
    /// names. True when there is new work or an item went.
    /// </summary>
    private bool Merge(IReadOnlyList<MediaItem> items, bool listsAll)
    {
        var changed = false;
        if (listsAll)
            foreach (var gone in Unlisted(items).ToList())
            {
                State.Media.Remove(gone);
                State.ReleasedHashes.AddRange(new[] { gone.Sha256, gone.PreviewSha256 }.OfType<string>());
                changed = true;
            }
        foreach (var item in items)
        {
            var existing = State.Media.Find(m => m.Slot == item.Slot);
            if (existing is not null && existing.Status == MediaItemStatus.Success && SameFile(existing.OriginalUrl, item.Url)) continue;
            if (existing is not null && existing.Status != MediaItemStatus.Success)
            {
                changed |= existing.Status != MediaItemStatus.Skipped && existing.OriginalUrl != item.Url;
                existing.OriginalUrl = item.Url;
                if (existing.Status == MediaItemStatus.Error) (existing.Status, existing.Error, changed) = (MediaItemStatus.Pending, null, true);
                continue;
            }
            if (existing is not null)
            {
                // An edit put another file in this slot: it goes, with its preview and the subtitles it brought.
                foreach (var gone in State.Media.Where(m => m == existing || m.Slot.StartsWith(existing.Slot + ":subtitle:", StringComparison.Ordinal)).ToList())
                {
                    State.Media.Remove(gone);
                    State.ReleasedHashes.AddRange(new[] { gone.Sha256, gone.PreviewSha256 }.OfType<string>());
                }
            }
            var media = new PostMedia { Slot = item.Slot, Role = RoleOf(item.Slot), Kind = item.Kind, OriginalUrl = item.Url };
            policy.Apply(State.Source, media);
            State.Media.Add(media);
            changed |= media.Status == MediaItemStatus.Pending;
        }
        State.LinksExpireAt = State.Media.Where(m => m.Status == MediaItemStatus.Pending).Select(m => CdnLinkExpiry.Read(m.OriginalUrl)).Min();
        return changed;
    }

    /// <summary>
    /// The items a whole-post statement (<see cref="PostReceived.ListsAllMedia"/>) no longer lists and that hold no archived
    /// file (pending, failed, kept as a link): the media moved to another slot or left the post. An archived item stays, so
    /// a later, narrower view of a post never loses a stored file; an empty list states nothing. A subtitle goes and stays
    /// with the video it came from.
    /// </summary>
    private IEnumerable<PostMedia> Unlisted(IReadOnlyList<MediaItem> items)
    {
        if (items.Count == 0) return [];
        var listed = items.Select(i => i.Slot).ToHashSet(StringComparer.Ordinal);
        bool Listed(string slot) => listed.Contains(slot) || slot.IndexOf(":subtitle:", StringComparison.Ordinal) is > 0 and var at && listed.Contains(slot[..at]);
        var parents = State.Media.Where(m => m.Status != MediaItemStatus.Success && m.Sha256 is null && !Listed(m.Slot))
            .Select(m => m.Slot).ToHashSet(StringComparer.Ordinal);
        return State.Media.Where(m => parents.Contains(m.Slot)
            || m.Slot.IndexOf(":subtitle:", StringComparison.Ordinal) is > 0 and var at && parents.Contains(m.Slot[..at]));
    }

    private static bool IsPending(PostMedia m) => m.Status == MediaItemStatus.Pending && m.Action is MediaAction.Download or MediaAction.YtDlp or MediaAction.Embed;

    private static bool SameFile(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
            ? x.GetLeftPart(UriPartial.Path) == y.GetLeftPart(UriPartial.Path) // CDN signatures change, the file does not
            : a == b;

    private static string RoleOf(string slot) =>
        slot.EndsWith(":video", StringComparison.Ordinal) ? "video" : slot.EndsWith(":audio", StringComparison.Ordinal) ? "audio" : slot.Split(':')[0];
}
