using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;
using Silo.Media.BlobStores;

namespace Silo.Media.Scrub;

/// <summary>
/// The integrity scrub: re-reads every stored object and checks it against <c>media_files</c>, a page of files per grain-timer
/// step in SHA-256 order, then done transcripts' text and WebVTT files against what their parts render, then lists the store
/// for objects no row names. Missing and corrupted files are fetched again from their links (<see cref="ScrubRepair"/>), a
/// transcript's written again by its grain. The cursor, counts and the step's findings are stored after each step, so a node
/// killed mid-run is followed by one that resumes from the last finished page; the reads go through the node's
/// <see cref="ScrubThrottle"/>. Runs repeat every <see cref="ScrubOptions.Interval"/>: the planned start is the loop's next
/// step, whose reminder brings the grain back when it is due.
/// </summary>
[GrainType(ScrubIds.GrainType)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class ScrubGrain(
    [PersistentState("scrub", ScrubIds.StorageName)] IPersistentState<ScrubState> scrub,
    IBlobStore store, StoredFileCheck check, ScrubRepair repair, ScrubQueries queries, IOptions<ScrubOptions> options,
    IOptions<ReminderOptions> reminderOptions, [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<ScrubGrain> logger)
    : Grain, IScrubGrain, IRemindable
{
    public const string RunReminder = "scrub";

    private WorkLoop? _work;

    private ScrubState State => scrub.State;

    private WorkLoop Work => _work ??= new WorkLoop(this, scrub, RunReminder, options.Value.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger);

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, RunReminder);

    public async Task<bool> Start(string callerTenant)
    {
        if (callerTenant != "*" || State.IsRunning) return false;
        Begin();
        await Work.StartAsync();
        return true;
    }

    public async Task<bool> Cancel(string callerTenant)
    {
        if (callerTenant != "*" || !State.IsRunning) return false;
        End(ScrubStatus.Cancelled, error: null);
        await Work.SaveAsync();
        await Work.StopAsync();
        return true;
    }

    public async Task Plan()
    {
        if (State.Exists || options.Value.Interval <= TimeSpan.Zero) return;
        (State.Exists, State.NextRunAt) = (true, time.GetUtcNow() + options.Value.Interval);
        await Work.StartAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    private void Begin()
    {
        var run = State.Run + 1;
        scrub.State = new ScrubState
        {
            Exists = true, Run = run, Status = ScrubStatus.Running, Phase = ScrubStatus.FilesPhase, StartedAt = time.GetUtcNow(), Backend = store.Name,
        };
        LogStarted(logger, run, store.Name);
    }

    private void End(string status, string? error)
    {
        var now = time.GetUtcNow();
        (State.Status, State.Phase, State.FinishedAt, State.LastError) = (status, ScrubStatus.OverPhase, now, error);
        State.NextRunAt = options.Value.Interval > TimeSpan.Zero ? now + options.Value.Interval : null;
    }
}
