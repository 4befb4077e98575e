using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;
using Silo.Media.Backfill;
using Silo.Hosting.Tenants;

namespace Silo.Media.Patreon;

/// <summary>
/// One Patreon campaign's crawl in seed 003's three phases, each step a turn of a one-shot grain timer
/// that first waits for a slot of its phase on this node (<see cref="PatreonPhaseGate"/>): (1) the post
/// list, a page per step, following <c>meta.pagination.cursors.next</c>; (2) each listed post's details,
/// a post per step, handed to its <c>PostGrain</c> (<c>patreon:{postId}</c>), which archives its media per
/// the media policy; (3) the campaign's tiers, the groups its posts are locked to. Every step's result
/// is stored with the crawl's state before the next step, so a node killed mid-crawl resumes from the
/// last stored step (a post handed on again is recognised by its grain). The steps run in the crawl's
/// <see cref="WorkLoop"/>, whose reminder is the crash backstop; 429s and failures set <c>NotBefore</c>, and a 429 rests
/// every crawl of this node on the same token (<see cref="TokenThrottle"/>): Patreon counts requests per token.
/// </summary>
[GrainType(PatreonCrawlIds.GrainType)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class PatreonCrawlGrain(
    [PersistentState("crawl", PatreonCrawlIds.StorageName)] IPersistentState<PatreonCrawlState> crawl,
    PatreonClient patreon, PatreonCrawlQueries queries, TenantOwnership ownership, PatreonPhaseGate gate,
    [FromKeyedServices(PatreonCrawlIds.TokenRests)] TokenThrottle throttle, IOptions<PatreonCrawlOptions> options,
    IOptions<ReminderOptions> reminderOptions, [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<PatreonCrawlGrain> logger)
    : Grain, IPatreonCrawlGrain, IRemindable
{
    public const string CrawlReminder = "crawl";

    private WorkLoop? _work;
    private RunSteering? _steering;

    private PatreonCrawlState State => crawl.State;

    private WorkLoop Work => _work ??= new WorkLoop(this, crawl, CrawlReminder, options.Value.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger);

    private RunSteering Steering => _steering ??= new RunSteering(() => State, Work, time);

    private string CampaignId => this.GetPrimaryKeyString();

    /// <summary>The creator token of the campaign's tenant; null for the cluster's (<c>Silo:Patreon:AccessToken</c>).</summary>
    private string? TenantToken => ownership.Token(State.Tenant, "patreon");

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, CrawlReminder);

    public async Task<RunStartOutcome> Start(PatreonCrawlStart request)
    {
        // The operator lists whose campaign it is (Silo:Tenants:<tenant>:PatreonCampaigns); an unlisted one only a tenant-* key assigns.
        if (State.Exists && State.Tenant != request.Tenant
            || !ownership.MayActOn(request.CallerTenant, request.Tenant, AssetKind.PatreonCampaign, request.CampaignId)) return RunStartOutcome.OtherTenant;
        if (State.Exists && !BackfillStatus.IsOver(State.Status)) return RunStartOutcome.AlreadyActive;
        var run = State.Run + 1;
        crawl.State = new PatreonCrawlState
        {
            Exists = true, CampaignId = CampaignId, Tenant = request.Tenant, Run = run, Status = BackfillStatus.Running,
            Phase = PatreonCrawlPhase.List, StartedAt = time.GetUtcNow(), ResolveAlert = true,
        };
        await Work.StartAsync();
        LogStarted(logger, CampaignId, run);
        return RunStartOutcome.Started;
    }

    public Task<bool> Pause(string callerTenant) => Steering.PauseAsync(callerTenant);

    public Task<bool> Resume(string callerTenant) => Steering.ResumeAsync(callerTenant);

    public Task<bool> Cancel(string callerTenant) => Steering.CancelAsync(callerTenant);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }
}
