using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Orleans.Storage;
using Silo.Hosting.Hosting;
using Silo.Media.Hosting;
using Silo.Media.Meta;
using Silo.Hosting.Tenants;

namespace Silo.Media.Backfill;

/// <summary>
/// One account's history walk (seed 002's page sync): reads the Graph API's paged list of a page's
/// posts (or an Instagram account's media), newest first, one page per grain-timer step, and hands
/// every post to its <c>PostGrain</c> under the key a webhook would give it. The cursor and counts
/// are stored after each page is handed on, so a node killed mid-walk resumes from the last finished
/// page (a page read again is recognised post by post by the post grains). A reminder registered for
/// as long as the walk runs is the crash backstop; rate limits and failures set <c>NotBefore</c>.
/// </summary>
[GrainType(BackfillIds.GrainType)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class BackfillGrain(
    [PersistentState("backfill", BackfillStorage.Name)] IPersistentState<BackfillState> walk,
    MetaGraphClient graph, TokenThrottle throttle, TenantOwnership ownership, IOptionsMonitor<MetaOptions> meta, IOptions<BackfillOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<BackfillGrain> logger) : Grain, IBackfillGrain, IRemindable
{
    public const string WalkReminder = "walk";

    private ReminderBackedSteps? _steps;

    private BackfillState State => walk.State;

    private ReminderBackedSteps Steps => _steps ??= new ReminderBackedSteps(this, WalkReminder,
        options.Value.ReminderPeriod, reminderOptions.Value.MinimumReminderPeriod,
        StepAsync, e => LogReminderNotRemoved(logger, e, Key));

    private string Key => this.GetPrimaryKeyString();

    /// <summary>A reminder tick only schedules the step timer, so it may interleave with a step instead of queueing behind it.</summary>
    public static bool IsReminderTick(IInvokable request) => request.GetInterfaceType() == typeof(IRemindable);

    public async Task<BackfillStartOutcome> Start(BackfillStart request)
    {
        if (State.Exists && State.Tenant != request.Tenant || !MayStart(request)) return BackfillStartOutcome.OtherTenant;
        if (State.Exists && !BackfillStatus.IsOver(State.Status)) return BackfillStartOutcome.AlreadyActive;
        var run = State.Run + 1;
        walk.State = new BackfillState
        {
            Exists = true, Source = request.Source, AccountId = request.AccountId, Tenant = request.Tenant, Run = run,
            Status = BackfillStatus.Running, Since = request.Since, Until = request.Until, StartedAt = time.GetUtcNow(), ResolveAlert = true,
        };
        await SaveAndWalkAsync();
        LogStarted(logger, Key, run);
        return BackfillStartOutcome.Started;
    }

    /// <summary>
    /// The owner check: a page's tenant is the one its webhooks go to (<see cref="PageOwner"/>); an Instagram account's is
    /// the one the operator lists it for (an unlisted account only by a tenant-<c>*</c> key).
    /// </summary>
    private bool MayStart(BackfillStart request) => request.Source == "facebook"
        ? TenantOwnership.ActsFor(request.CallerTenant, request.Tenant) && PageOwner.Of(ownership, meta.CurrentValue, request.AccountId) == request.Tenant
        : ownership.MayActOn(request.CallerTenant, request.Tenant, AssetKind.InstagramAccount, request.AccountId);

    public async Task<bool> Pause(string callerTenant)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant) || State.Status != BackfillStatus.Running) return false;
        State.Status = BackfillStatus.Paused;
        await SaveAsync();
        await StopAsync();
        return true;
    }

    public async Task<bool> Resume(string callerTenant)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant) || State.Status is not (BackfillStatus.Paused or BackfillStatus.Failed)) return false;
        (State.Status, State.FinishedAt, State.FailuresInRow, State.ResolveAlert) = (BackfillStatus.Running, null, 0, true);
        await SaveAndWalkAsync();
        return true;
    }

    public async Task<bool> Cancel(string callerTenant)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant) || BackfillStatus.IsOver(State.Status)) return false;
        (State.Status, State.FinishedAt, State.NotBefore) = (BackfillStatus.Cancelled, time.GetUtcNow(), null);
        await SaveAsync();
        await StopAsync();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The step decides from the stored state: walk on (a node died mid-walk), or drop the reminder of a walk that is over.
        Steps.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    /// <summary>The reminder, then the state; the timer starts the walk right after this call.</summary>
    private Task SaveAndWalkAsync() => Steps.BeginAsync(SaveAsync);

    private Task SaveAsync() => Steps.SaveAsync(walk);

    private void ScheduleStep(TimeSpan due) => Steps.Schedule(due);

    private Task StopAsync() => Steps.StopAsync();
}
