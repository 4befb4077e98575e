using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Orleans.Storage;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;
using Silo.Media.Meta;
using Silo.Hosting.Tenants;

namespace Silo.Media.Backfill;

/// <summary>
/// One account's history walk (seed 002's page sync): reads the Graph API's paged list of a page's
/// posts (or an Instagram account's media), newest first, one page per grain-timer step, and hands
/// every post to its <c>PostGrain</c> under the key a webhook would give it. The cursor and counts
/// are stored after each page is handed on, so a node killed mid-walk resumes from the last finished
/// page (a page read again is recognised post by post by the post grains). The steps run in the walk's
/// <see cref="WorkLoop"/>, whose reminder is the crash backstop; rate limits and failures set <c>NotBefore</c>.
/// </summary>
[GrainType(BackfillIds.GrainType)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class BackfillGrain(
    [PersistentState("backfill", BackfillStorage.Name)] IPersistentState<BackfillState> walk,
    MetaGraphClient graph, TokenThrottle throttle, TenantOwnership ownership, IOptionsMonitor<MetaOptions> meta, IOptions<BackfillOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<BackfillGrain> logger) : Grain, IBackfillGrain, IRemindable
{
    public const string WalkReminder = "walk";

    private WorkLoop? _work;
    private RunSteering? _steering;

    private BackfillState State => walk.State;

    private WorkLoop Work => _work ??= new WorkLoop(this, walk, WalkReminder, options.Value.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger);

    private RunSteering Steering => _steering ??= new RunSteering(() => State, Work, time);

    private string Key => this.GetPrimaryKeyString();

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, WalkReminder);

    public async Task<RunStartOutcome> Start(BackfillStart request)
    {
        if (State.Exists && State.Tenant != request.Tenant || !MayStart(request)) return RunStartOutcome.OtherTenant;
        if (State.Exists && !BackfillStatus.IsOver(State.Status)) return RunStartOutcome.AlreadyActive;
        var run = State.Run + 1;
        walk.State = new BackfillState
        {
            Exists = true, Source = request.Source, AccountId = request.AccountId, Tenant = request.Tenant, Run = run,
            Status = BackfillStatus.Running, Since = request.Since, Until = request.Until, StartedAt = time.GetUtcNow(), ResolveAlert = true,
        };
        await Work.StartAsync();
        LogStarted(logger, Key, run);
        return RunStartOutcome.Started;
    }

    /// <summary>
    /// The owner check: a page's tenant is the one its webhooks go to (<see cref="PageOwner"/>); an Instagram account's is
    /// the one the operator lists it for (an unlisted account only by a tenant-<c>*</c> key).
    /// </summary>
    private bool MayStart(BackfillStart request) => request.Source == "facebook"
        ? TenantOwnership.ActsFor(request.CallerTenant, request.Tenant) && PageOwner.Of(ownership, meta.CurrentValue, request.AccountId) == request.Tenant
        : ownership.MayActOn(request.CallerTenant, request.Tenant, AssetKind.InstagramAccount, request.AccountId);

    public Task<bool> Pause(string callerTenant) => Steering.PauseAsync(callerTenant);

    public Task<bool> Resume(string callerTenant) => Steering.ResumeAsync(callerTenant);

    public Task<bool> Cancel(string callerTenant) => Steering.CancelAsync(callerTenant);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }
}
