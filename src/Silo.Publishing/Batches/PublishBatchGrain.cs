using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Hosting.Work;
using Silo.Publishing.Metricool;

namespace Silo.Publishing.Batches;

/// <summary>
/// One publish batch: its clips go to Metricool strictly in order, one step at a time, each step ending
/// with its state written. A clip is written as <c>uploading</c> before the create call, so a call
/// whose outcome is unknown (timeout, 5xx, node died) is looked up by its idempotency key and never
/// simply repeated; when the lookup cannot tell, the clip becomes <c>unconfirmed</c> and the batch
/// pauses for a person. Steps run from the batch's <see cref="WorkLoop"/>, whose reminder, registered while the batch
/// is processing, restarts them after a crash.
/// </summary>
[GrainType(GrainTypeName)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class PublishBatchGrain(
    [PersistentState("publish-batch", PublishBatchStorage.Name)] IPersistentState<PublishBatchState> batch,
    MetricoolClient metricool,
    TenantOwnership ownership,
    IOptions<PublishingOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time,
    ILogger<PublishBatchGrain> logger) : Grain, IPublishBatchGrain, IRemindable
{
    /// <summary>Pinned, because reminders and directory entries are keyed by it (<c>publishbatch/&lt;batchId&gt;</c>).</summary>
    public const string GrainTypeName = "publishbatch";

    public const string StepReminder = "publish-step";

    private readonly PublishingOptions _options = options.Value;

    private PublishBatchState State => batch.State;
    private DateTimeOffset Now => time.GetUtcNow();
    private MetricoolAccount Account => new(State.UserId, State.AccountId, ownership.Token(State.Tenant, "metricool"));

    private WorkLoop? _work;

    private WorkLoop Work => _work ??= new WorkLoop(this, batch, StepReminder, _options.StepBackstopPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger);

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, StepReminder);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // After a crash, a move or idle collection: go on where the stored state left off, when its step is due.
        if (NextStepAt() is not null) Work.Wake();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    public async Task<PublishOutcome> Publish(BatchSubmission submission)
    {
        var batchId = this.GetPrimaryKeyString();
        var hash = submission.Batch.RequestHash();
        // The Metricool blog is the operator's to give: a tenant publishes only to its own (tenant * to blogs no tenant lists).
        if (!State.Exists && (ownership.OwnerOf(AssetKind.MetricoolBlog, submission.Batch.AccountId) ?? TenantOwnership.AllTenants) != submission.Tenant)
            return new PublishOutcome(batchId, Created: false, KeyReused: false, NotOwned: true);
        if (State.Exists)
            return new PublishOutcome(batchId, Created: false,
                KeyReused: State.Tenant != submission.Tenant || !State.RequestHash.AsSpan().SequenceEqual(hash), Status: State.Status);

        var request = submission.Batch;
        State.BatchId = batchId;
        State.Tenant = submission.Tenant;
        State.IdempotencyKey = submission.IdempotencyKey;
        State.RequestHash = hash;
        State.UserId = request.UserId;
        State.AccountId = request.AccountId;
        State.Mode = request.Mode;
        State.ScheduledFor = request.ScheduledFor;
        State.StopOnFailure = request.StopOnFailure;
        State.Status = BatchStatus.Processing;
        State.CreatedAt = Now;
        State.Clips = [.. request.Clips.Select((clip, i) => new ClipState
        {
            Index = i, Url = clip.Url, Title = clip.Title, IdempotencyKey = $"{batchId}-{i}", ScheduledAt = clip.ScheduledAt,
        })];
        BatchChanged();
        NextStep(TimeSpan.Zero);
        await Work.StartAsync();
        return new PublishOutcome(batchId, Created: true, KeyReused: false);
    }

    public async Task<CommandOutcome> Pause(string callerTenant)
    {
        if (!TenantOwnership.ActsFor(callerTenant, State.Tenant)) return NotFound();
        if (!State.Exists || State.Status != BatchStatus.Processing) return Refused();
        State.Status = BatchStatus.Paused;
        State.NextStepAt = null;
        BatchChanged();
        await EndWorkAsync();
        return new CommandOutcome(Applied: true, State.Status);
    }

    public async Task<CommandOutcome> Resume(ResumeBatch resume, string callerTenant)
    {
        if (!TenantOwnership.ActsFor(callerTenant, State.Tenant)) return NotFound();
        if (!State.Exists || State.Status != BatchStatus.Paused) return Refused();
        if (State.CurrentClip is { Status: ClipStatus.Unconfirmed } clip)
        {
            if (resume.Action == ResumeBatch.Skip)
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
        await Work.StartAsync();
        return new CommandOutcome(Applied: true, State.Status);
    }

    public async Task<CommandOutcome> Cancel(string callerTenant)
    {
        if (!TenantOwnership.ActsFor(callerTenant, State.Tenant)) return NotFound();
        if (!State.Exists || BatchStatus.IsFinal(State.Status)) return Refused();
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
        await EndWorkAsync();
        return new CommandOutcome(Applied: true, State.Status);
    }

    /// <summary>
    /// One step of the current clip, then its state written. An error escaping it leaves memory perhaps ahead of the database:
    /// the work loop deactivates the grain, and the next activation (the reminder brings it) starts again from what is stored,
    /// which is always safe to repeat.
    /// </summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        await RunStepAsync(cancellationToken);
        await batch.WriteStateAsync();
    }

    /// <summary>When the next step is due: while processing, at <see cref="PublishBatchState.NextStepAt"/>.</summary>
    private DateTimeOffset? NextStepAt() =>
        State.Exists && State.Status == BatchStatus.Processing ? State.NextStepAt ?? WorkLoop.AtOnce : null;

    /// <summary>The step after this one is due in <paramref name="after"/>; the work loop sets its timer once the state is written.</summary>
    private void NextStep(TimeSpan after) => State.NextStepAt = Now + after;

    /// <summary>Paused or cancelled by a call: stored, and the reminder gone, before the caller has its answer.</summary>
    private async Task EndWorkAsync()
    {
        await Work.SaveAsync();
        await Work.StopAsync();
    }

    private async Task RunStepAsync(CancellationToken cancellationToken)
    {
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
        State.NextStepAt = null;
        BatchChanged();
    }

    /// <summary>Another tenant's batch answers as no batch does.</summary>
    private static CommandOutcome NotFound() => new(Applied: false, Status: null);

    private CommandOutcome Refused() => new(Applied: false, State.Exists ? State.Status : null);

    private static string PostText(ClipState clip) => $"{clip.Title} {MetricoolClient.KeyMarker(clip.IdempotencyKey)}".Trim();

    private void BatchChanged() => Raise(PublishEvent.BatchType, State.Status, null);

    private void ClipChanged(ClipState clip) => Raise(PublishEvent.ClipType, clip.Status, clip);

    private void Raise(string type, string status, ClipState? clip) =>
        State.NewEvents.Add(new PublishEvent(++State.LastEventSeq, type, State.BatchId!, status, clip?.Index, clip?.MetricoolPostId,
            clip?.FacebookPostId, clip?.Error ?? (clip is null ? State.Error : null), State.Clips.Count, State.PublishedClips,
            State.FailedClips, State.CurrentClipIndex, Now));
}
