using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Publishing.Metricool;
using Silo.Runtime.Grains;

namespace Silo.Publishing.Batches;

/// <summary>
/// One publish batch: its clips go to Metricool strictly in order, one step per turn, driven by a
/// single reminder. A clip is committed as <c>uploading</c> before the create call, so a call whose
/// outcome is unknown (timeout, 5xx, node died) is looked up by its idempotency key on the next
/// step and never simply repeated; when the lookup cannot tell, the clip becomes <c>unconfirmed</c>
/// and the batch pauses for a person.
/// </summary>
public sealed partial class PublishBatchGrain(
    MetricoolClient metricool,
    IOptions<PublishingOptions> options,
    TimeProvider time,
    ILogger<PublishBatchGrain> logger) : Grain<PublishBatchState>
{
    public const string TypeName = "publish-batch";
    public const string StepReminder = "publish-step";
    private readonly PublishingOptions _options = options.Value;

    public static GrainId IdOf(string batchId) => new(TypeName, batchId);

    private DateTimeOffset Now => time.GetUtcNow();
    private MetricoolAccount Account => new(State.UserId, State.AccountId);

    public override Task ReceiveAsync(object message, CancellationToken cancellationToken)
    {
        State.NewEvents.Clear();
        if (!State.Exists) return Task.CompletedTask;
        switch (message)
        {
            case PublishingRequested when State.Status == BatchStatus.Processing:
                NextStep(TimeSpan.Zero);
                break;
            case PauseRequested when State.Status == BatchStatus.Processing:
                State.Status = BatchStatus.Paused;
                BatchChanged();
                UnregisterReminder(StepReminder);
                break;
            case ResumeRequested resume when State.Status == BatchStatus.Paused:
                Resume(resume.Action);
                break;
            case CancelRequested when !BatchStatus.IsFinal(State.Status):
                Cancel();
                break;
        }
        return Task.CompletedTask;
    }

    public override async Task ReceiveReminder(string reminderName, TickStatus status, CancellationToken cancellationToken)
    {
        State.NewEvents.Clear();
        if (reminderName != StepReminder || !State.Exists || State.Status != BatchStatus.Processing)
        {
            UnregisterReminder(reminderName);
            return;
        }
        if (State.StartedAt is null)
        {
            State.StartedAt = Now;
            if (State.Mode == PublishMode.BestTime && !await PlanBestTimesAsync(cancellationToken)) return;
        }
        var clip = State.CurrentClip;
        if (clip is null)
        {
            Finish();
            return;
        }
        switch (clip.Status)
        {
            case ClipStatus.Pending:
                await UploadAsync(clip, cancellationToken);
                break;
            case ClipStatus.Uploading:
                await LookUpAsync(clip, cancellationToken);
                break;
            case ClipStatus.WaitingConfirmation:
                await CheckConfirmationAsync(clip, cancellationToken);
                break;
            case ClipStatus.Unconfirmed:
                PauseForPerson(clip);
                break;
            default:
                MoveToNextClip();
                break;
        }
    }

    private async Task UploadAsync(ClipState clip, CancellationToken cancellationToken)
    {
        clip.ScheduledAt ??= Now;
        clip.Status = ClipStatus.Uploading;
        clip.Attempts++;
        clip.UploadStartedAt = Now;
        clip.CreateIfMissing = false;
        clip.LookupTries = 0;
        clip.Error = null;
        ClipChanged(clip);
        // The promise that makes "never twice" hold: from here on, whoever runs the next step
        // (this node or another after a crash) looks the clip up before anything is created again.
        await WriteStateAsync(cancellationToken);
        State.NewEvents.Clear();

        LogUploading(State.BatchId!, clip.Index, clip.Attempts);
        var outcome = await metricool.CreateStoryAsync(Account, clip.Url, PostText(clip), clip.ScheduledAt.Value, cancellationToken);
        switch (outcome)
        {
            case CreatePostOutcome.Created created:
                Accept(clip, created.Post);
                break;
            case CreatePostOutcome.Rejected { RetryLater: true } rejected when clip.Attempts < _options.MaxUploadAttempts:
                // A 429 stores nothing: the clip may be created again once the rate limit allows.
                clip.Status = ClipStatus.Pending;
                clip.Error = rejected.Error;
                ClipChanged(clip);
                NextStep(rejected.RetryAfter ?? _options.LookupDelay);
                break;
            case CreatePostOutcome.Rejected rejected:
                Fail(clip, rejected.Error);
                break;
            case CreatePostOutcome.Unknown unknown:
                LogOutcomeUnknown(State.BatchId!, clip.Index, unknown.Reason);
                clip.Error = unknown.Reason;
                NextStep(_options.LookupDelay);
                break;
        }
    }

    private async Task LookUpAsync(ClipState clip, CancellationToken cancellationToken)
    {
        var at = clip.ScheduledAt ?? clip.UploadStartedAt ?? Now;
        IReadOnlyList<ScheduledPost> posts;
        try
        {
            posts = await metricool.ListPostsAsync(Account, at - _options.LookupWindow, at + _options.LookupWindow, cancellationToken);
        }
        catch (MetricoolUnavailableException e)
        {
            clip.LookupTries++;
            if (clip.LookupTries >= _options.LookupAttempts) Unconfirmed(clip, $"lookup failed: {e.Message}");
            else NextStep(_options.LookupDelay);
            return;
        }
        var marker = MetricoolClient.KeyMarker(clip.IdempotencyKey);
        // Metricool may send null for an empty text; the JSON says so even if the type does not.
        if (posts.FirstOrDefault(p => p.Text is { } text && text.Contains(marker, StringComparison.Ordinal)) is { } found)
        {
            LogFoundByLookup(State.BatchId!, clip.Index, found.Id);
            Accept(clip, found);
            return;
        }
        clip.LookupTries++;
        if (clip.CreateIfMissing)
            await UploadAsync(clip, cancellationToken);
        else if (clip.LookupTries < _options.LookupAttempts)
            NextStep(_options.LookupDelay);
        else
            Unconfirmed(clip, $"not found in Metricool after {clip.LookupTries} lookups; it may or may not have been created"
                + (clip.Error is null ? "" : $" (create call: {clip.Error})"));
    }

    private async Task CheckConfirmationAsync(ClipState clip, CancellationToken cancellationToken)
    {
        clip.ConfirmationTries++;
        ScheduledPost? post = null;
        try
        {
            var at = clip.ScheduledAt ?? Now;
            post = (await metricool.ListPostsAsync(Account, at - _options.LookupWindow, at + _options.LookupWindow, cancellationToken))
                .FirstOrDefault(p => p.Id == clip.MetricoolPostId);
        }
        catch (MetricoolUnavailableException e)
        {
            clip.Error = e.Message; // a failed check counts as a try; the next one may succeed
        }
        if (post is { Providers: { Count: > 0 } providers } && providers.All(p => p.Status == "PUBLISHED"))
        {
            Published(clip, post);
            return;
        }
        if (post is { Providers: { } all } && all.FirstOrDefault(p => p.Status == "ERROR") is { } error)
        {
            Fail(clip, $"{error.Network}: {error.DetailedStatus ?? "publication failed"}");
            return;
        }
        if (clip.ConfirmationTries >= _options.ConfirmationMaxTries)
            Fail(clip, $"not confirmed after {clip.ConfirmationTries} checks");
        else
            NextStep(_options.ConfirmationPollInterval);
    }

    private async Task<bool> PlanBestTimesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = Now;
            var times = await metricool.GetBestTimesAsync(Account, now, now.AddDays(7), cancellationToken);
            var slots = BestTimeSlots.Pick(times, now, State.Clips.Count);
            for (var i = 0; i < State.Clips.Count; i++) State.Clips[i].ScheduledAt = slots[i];
            return true;
        }
        catch (MetricoolUnavailableException e)
        {
            State.StartedAt = null;
            State.Error = $"best times unavailable: {e.Message}";
            NextStep(_options.LookupDelay);
            return false;
        }
    }

    private void Accept(ClipState clip, ScheduledPost post)
    {
        clip.MetricoolPostId = post.Id;
        clip.UploadedAt = Now;
        clip.Error = null;
        if (State.Mode == PublishMode.Now)
        {
            clip.Status = ClipStatus.WaitingConfirmation;
            clip.ConfirmationTries = 0;
            ClipChanged(clip);
            NextStep(_options.ConfirmationPollInterval);
        }
        else
        {
            // Metricool publishes it at its time; the batch's work for this clip is done.
            clip.Status = ClipStatus.Scheduled;
            State.PublishedClips++;
            ClipChanged(clip);
            MoveToNextClip();
        }
    }

    private void Published(ClipState clip, ScheduledPost post)
    {
        clip.Status = ClipStatus.Published;
        clip.Error = null;
        clip.PublishedAt = Now;
        clip.FacebookPostId = (post.Providers.FirstOrDefault(p => p.Network == "facebook") ?? post.Providers[0]).Id;
        State.PublishedClips++;
        ClipChanged(clip);
        MoveToNextClip();
    }

    private void Fail(ClipState clip, string error)
    {
        clip.Status = ClipStatus.Failed;
        clip.Error = error;
        State.FailedClips++;
        ClipChanged(clip);
        LogClipFailed(State.BatchId!, clip.Index, error);
        if (State.StopOnFailure)
        {
            State.Error = $"clip {clip.Index} failed: {error}";
            End(BatchStatus.Failed);
        }
        else
        {
            MoveToNextClip();
        }
    }

    private void Unconfirmed(ClipState clip, string reason)
    {
        clip.Status = ClipStatus.Unconfirmed;
        clip.Error = reason;
        ClipChanged(clip);
        PauseForPerson(clip);
    }

    private void PauseForPerson(ClipState clip)
    {
        LogUnconfirmed(State.BatchId!, clip.Index, clip.Error ?? "");
        State.Status = BatchStatus.Paused;
        State.Error = $"clip {clip.Index} is unconfirmed: check Metricool, then resume (retry) or resume with skip";
        BatchChanged();
        UnregisterReminder(StepReminder);
    }

    private void Resume(string action)
    {
        if (State.CurrentClip is { Status: ClipStatus.Unconfirmed } clip)
        {
            if (action == ResumeRequested.Skip)
            {
                clip.Status = ClipStatus.Skipped;
            }
            else
            {
                clip.Status = ClipStatus.Uploading;
                clip.LookupTries = 0;
                clip.CreateIfMissing = true;
            }
            ClipChanged(clip);
        }
        State.Status = BatchStatus.Processing;
        State.Error = null;
        BatchChanged();
        NextStep(TimeSpan.Zero);
    }

    private void Cancel()
    {
        foreach (var clip in State.Clips.Where(c => c.Status is ClipStatus.Pending or ClipStatus.Unconfirmed or ClipStatus.Uploading))
        {
            // A clip whose create call had no clear answer may exist in Metricool: say so rather than "cancelled".
            if (clip.Status == ClipStatus.Uploading)
            {
                clip.Status = ClipStatus.Unconfirmed;
                clip.Error = "the batch was cancelled before Metricool's answer was known; check Metricool";
            }
            else
            {
                clip.Status = ClipStatus.Cancelled;
            }
            ClipChanged(clip);
        }
        End(BatchStatus.Cancelled);
    }

    private void MoveToNextClip()
    {
        State.CurrentClipIndex++;
        if (State.CurrentClip is null)
        {
            Finish();
            return;
        }
        BatchChanged();
        NextStep(TimeSpan.Zero);
    }

    private void Finish() =>
        End(State.FailedClips > 0 && State.PublishedClips == 0 ? BatchStatus.Failed : BatchStatus.Completed);

    private void End(string status)
    {
        State.Status = status;
        State.CompletedAt = Now;
        BatchChanged();
        UnregisterReminder(StepReminder);
    }

    private void NextStep(TimeSpan after) => RegisterOrUpdateReminder(StepReminder, after);

    private static string PostText(ClipState clip) => $"{clip.Title} {MetricoolClient.KeyMarker(clip.IdempotencyKey)}".Trim();

    private void BatchChanged() => Raise(PublishEvent.BatchType, State.Status, null);

    private void ClipChanged(ClipState clip) => Raise(PublishEvent.ClipType, clip.Status, clip);

    private void Raise(string type, string status, ClipState? clip) =>
        State.NewEvents.Add(new PublishEvent(++State.LastEventSeq, type, State.BatchId!, status, clip?.Index, clip?.MetricoolPostId,
            clip?.FacebookPostId, clip?.Error ?? (clip is null ? State.Error : null), State.Clips.Count, State.PublishedClips,
            State.FailedClips, State.CurrentClipIndex, Now));
}
