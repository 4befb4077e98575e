using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Hosting.Work;
using Silo.Media.Backfill;

namespace Silo.Media.Transcription.Backfill;

/// <summary>
/// A tenant's transcript backfill (of every source or one): hands the tenant's archived video and audio files that have no
/// transcript to their <see cref="ITranscriptGrain"/>s in SHA-256 order, at most <see cref="TranscriptionOptions.BackfillInFlight"/>
/// waiting or transcribing at once, one group per step of its <see cref="WorkLoop"/>. The last file handed on is stored
/// after each group, so a node that dies mid-walk is followed, through the loop's reminder, by one that goes on from there;
/// a group handed on again is recognised by the transcript grains, which never transcribe a file twice.
/// </summary>
[GrainType(TranscriptBackfillIds.GrainType)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class TranscriptBackfillGrain(
    [PersistentState("transcriptBackfill", TranscriptBackfillStorage.Name)] IPersistentState<TranscriptBackfillState> walk,
    TranscriptBackfillQueries files, IOptions<TranscriptionOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<TranscriptBackfillGrain> logger) : Grain, ITranscriptBackfillGrain, IRemindable
{
    public const string WalkReminder = "transcribe-earlier";

    private WorkLoop? _work;

    // Kept in memory only: a rest while the files in flight are transcribed. A new activation simply looks again.
    private DateTimeOffset? _fullUntil;

    private TranscriptBackfillState State => walk.State;

    private string Key => this.GetPrimaryKeyString();

    private (string Tenant, string? Source) Scope => TranscriptBackfillIds.Parse(Key);

    private WorkLoop Work => _work ??= new WorkLoop(this, walk, WalkReminder, options.Value.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger);

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, WalkReminder);

    public async Task<RunStartOutcome> Start(string callerTenant)
    {
        if (!TenantOwnership.ActsFor(callerTenant, Scope.Tenant)) return RunStartOutcome.OtherTenant;
        if (!options.Value.Enabled) return RunStartOutcome.TranscriptionOff;
        if (State.Exists && State.Status == TranscriptBackfillStatus.Running) return RunStartOutcome.AlreadyActive;
        var found = await files.UntranscribedCountAsync(Scope.Tenant, Scope.Source, CancellationToken.None);
        walk.State = new TranscriptBackfillState
        {
            Exists = true, Run = State.Run + 1, Status = TranscriptBackfillStatus.Running, FilesFound = found, StartedAt = time.GetUtcNow(),
        };
        _fullUntil = null;
        await Work.StartAsync();
        LogStarted(logger, Key, State.Run, found);
        return RunStartOutcome.Started;
    }

    public async Task<bool> Cancel(string callerTenant)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, Scope.Tenant) || State.Status != TranscriptBackfillStatus.Running) return false;
        (State.Status, State.FinishedAt, State.NotBefore) = (TranscriptBackfillStatus.Cancelled, time.GetUtcNow(), null);
        await Work.SaveAsync();
        await Work.StopAsync();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }
}
