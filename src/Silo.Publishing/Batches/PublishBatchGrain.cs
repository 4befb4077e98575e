using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Publishing.Metricool;
using Silo.Hosting.Grains;

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
