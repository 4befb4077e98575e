using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Orleans.Storage;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Media.Archiving;
using Silo.Media.Meta;
using Silo.Media.Transcription;

namespace Silo.Media.Posts;

/// <summary>
/// One post (seed 000's <c>meta_publicaciones_webhook</c> row). <see cref="Receive"/> persists the
/// post and returns; its media is archived right after, in a one-shot grain timer, so a webhook's
/// acknowledgement never waits on a download. A reminder is registered for as long as archive work
/// is outstanding: it retries with backoff and, after a crash, resumes the work on whichever node
/// then owns the post. Downloads are content-addressed, so work repeated after a crash stores nothing twice.
/// </summary>
[GrainType(PostIds.GrainType)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class PostGrain(
    [PersistentState("post", PostStorage.Name)] IPersistentState<PostState> post,
    MediaArchiver archiver, MediaPolicy policy, MetaGraphClient graph, IOptions<MediaOptions> options, IOptions<ReminderOptions> reminderOptions,
    IOptions<TranscriptionOptions> transcription,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<PostGrain> logger) : Grain, IPostGrain, IRemindable
{
    public const string ArchiveReminder = "archive";

    // A retry's tick can arrive a little before the retry time it was set for (Orleans' clock and Silo's).
    private static readonly TimeSpan TickTolerance = TimeSpan.FromSeconds(1);

    private IGrainTimer? _workTimer;
    private bool _workScheduled;
    private bool _working;
    private IGrainReminder? _reminder;

    private PostState State => post.State;

    private string Key => this.GetPrimaryKeyString();

    /// <summary>
    /// Reminder ticks may interleave with a long download instead of queueing behind it (and timing
    /// out): <see cref="ReceiveReminder"/> never awaits, it only schedules the work timer.
    /// </summary>
    public static bool IsReminderTick(IInvokable request) => request.GetInterfaceType() == typeof(IRemindable);

    public async Task<ReceiveOutcome> Receive(PostReceived received)
    {
        // The owner check comes first: another tenant learns nothing, not even that it repeated what the post holds.
        if (State.Exists && State.Tenant != received.Tenant) return ReceiveOutcome.OtherTenant;
        if (HoldsAlready(received))
        {
            // A redelivery after a crash can reach a fresh activation before the post's reminder does: the work resumes now.
            if (IsWorkDue()) ScheduleWork();
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

            var archive = false;
            if (IsStory(received))
            {
                if (State.Status != PostStatus.Success) State.Status = PostStatus.Skipped;
            }
            else
            {
                var changed = Merge(received.Media);
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
            foreach (var item in State.Media.Where(m => m.Status == "error")) (item.Status, item.Error) = ("pending", null);
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
        // Whether the tick means work (a retry due, work a crash interrupted) or a finished post's
        // leftover reminder, the work timer decides from the state; a tick that finds it scheduled or
        // running, or that comes twice, changes nothing.
        if (reminderName == ArchiveReminder && !_workScheduled && !_working) ScheduleWork();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stores what <see cref="Receive"/> or <see cref="RetryArchive"/> changed. Archive work is made
    /// durable first (its reminder, then the state), then started by the timer after the call returns;
    /// a post with nothing to download is finished here.
    /// </summary>
    private async Task SaveWorkAsync(bool archive)
    {
        if (archive && HasDownloadWork())
        {
            (State.Status, State.NextRetryAt) = (PostStatus.Pending, null);
            // The reminder before the state: a crash between them leaves a reminder that finds nothing
            // to do and goes, never a pending post that nothing will resume.
            await SetReminderAsync(ReminderPeriod);
            await post.WriteStateAsync();
            ScheduleWork();
            return;
        }
        if (archive) Finish(failure: null);
        await post.WriteStateAsync();
    }

    /// <summary>The work timer: archives when work is due, or removes the reminder of a post that has none left.</summary>
    private async Task RunWorkAsync(CancellationToken cancellationToken)
    {
        (_workScheduled, _working) = (false, true);
        try
        {
            if (IsWorkDue()) await ArchiveAsync(cancellationToken);
            // The work is over: its transcripts are asked for (again, if a crash came first), then the reminder goes.
            else if (State.NextRetryAt is null && await RequestTranscriptsAsync()) await DropReminderAsync();
        }
        catch (Exception e) when (e is InconsistentStateException || e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // Another activation has written the post since this one read it, or this one is being
            // deactivated mid-download: either way the work is the stored state's, and its reminder's.
            LogWorkInterrupted(logger, e, Key);
            ForgetUnsavedState();
        }
        catch (Exception e)
        {
            // Not a download failure (those are classified): counted as a failed attempt all the same,
            // so an unexpected error retries with backoff and ends in error like any other.
            LogWorkInterrupted(logger, e, Key);
            await FailAttemptAsync(new DownloadException(DownloadFailureKind.Transient, "internal_error", e.Message, e));
        }
        finally
        {
            _working = false;
        }
    }

    private async Task FailAttemptAsync(DownloadException failure)
    {
        try
        {
            Finish(failure);
            await SaveOutcomeAsync();
        }
        catch (Exception e)
        {
            LogWorkInterrupted(logger, e, Key);
            ForgetUnsavedState();
        }
    }

    private bool IsWorkDue() => State.Exists && (State.Status is PostStatus.Pending or PostStatus.Downloading
        || State.Status == PostStatus.Error && State.NextRetryAt is { } at && at <= time.GetUtcNow() + TickTolerance);

    private bool HasDownloadWork() => NeedsLinks() || State.Media.Any(IsPending);

    private bool NeedsLinks() => State.Media.Count == 0 && State.GraphObjectId is not null && State.Source is "facebook" or "instagram";

    private void ScheduleWork()
    {
        if (_workScheduled) return;
        _workTimer ??= this.RegisterGrainTimer(RunWorkAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        // Called while the timer runs, the change waits until that run ends: the work runs once more.
        _workTimer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        _workScheduled = true;
    }

    private TimeSpan ReminderPeriod =>
        options.Value.ArchiveReminderPeriod > reminderOptions.Value.MinimumReminderPeriod
            ? options.Value.ArchiveReminderPeriod
            : reminderOptions.Value.MinimumReminderPeriod;

    private async Task SetReminderAsync(TimeSpan due) =>
        _reminder = await this.RegisterOrUpdateReminder(ArchiveReminder, due, ReminderPeriod);

    private async Task DropReminderAsync()
    {
        try
        {
            var reminder = _reminder ?? await this.GetReminder(ArchiveReminder);
            // Forgotten before the removal: a handle whose removal fails may be stale (the row was written
            // again, by a fail-over's other activation), and the next try must read the reminder afresh.
            _reminder = null;
            if (reminder is not null) await this.UnregisterReminder(reminder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next tick finds the post finished and tries again.
            LogReminderNotRemoved(logger, e, Key);
        }
    }

    /// <summary>
    /// A write that failed leaves this activation's state ahead of the tables (or behind another
    /// activation's, after <see cref="Orleans.Storage.InconsistentStateException"/>): the next call gets
    /// a fresh activation that reads them, and a redelivery is then not mistaken for a duplicate.
    /// </summary>
    private void ForgetUnsavedState() => this.DeactivateOnIdle();

    /// <summary>Whether the post already holds everything <paramref name="received"/> carries: a redelivery or a repeat.</summary>
    private bool HoldsAlready(PostReceived received) =>
        State.Exists
        && (received.Message ?? State.Message) == State.Message && (received.ItemType ?? State.ItemType) == State.ItemType
        && (received.Permalink ?? State.Permalink) == State.Permalink && (received.GraphObjectId ?? State.GraphObjectId) == State.GraphObjectId
        && (IsStory(received)
            ? State.Status is PostStatus.Skipped or PostStatus.Success
            : received.Media.All(item => State.Media.Find(m => m.Slot == item.Slot) is { } m
                && (m.OriginalUrl == item.Url || m.Status == "success" && SameFile(m.OriginalUrl, item.Url))));

    // Seed 000: stories (no message) are not archived.
    private bool IsStory(PostReceived received) =>
        received.IsStory || (received.Source == "facebook" && string.IsNullOrWhiteSpace(received.Message ?? State.Message));

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
            changed |= media.Status == "pending";
        }
        State.LinksExpireAt = State.Media.Where(m => m.Status == "pending").Select(m => CdnLinkExpiry.Read(m.OriginalUrl)).Min();
        return changed;
    }

    private static bool IsPending(PostMedia m) => m.Status == "pending" && m.Action is MediaAction.Download or MediaAction.YtDlp or MediaAction.Embed;

    private static bool SameFile(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
            ? x.GetLeftPart(UriPartial.Path) == y.GetLeftPart(UriPartial.Path) // CDN signatures change, the file does not
            : a == b;

    private static string RoleOf(string slot) =>
        slot.EndsWith(":video", StringComparison.Ordinal) ? "video" : slot.EndsWith(":audio", StringComparison.Ordinal) ? "audio" : slot.Split(':')[0];
}
