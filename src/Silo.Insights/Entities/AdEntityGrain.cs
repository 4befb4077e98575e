using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Work;
using Silo.Insights.Hosting;
using Silo.Insights.Sync;

namespace Silo.Insights.Entities;

/// <summary>
/// A campaign, ad set or ad: refreshes its daily insights on its own periodic reminder (and on
/// sync-now), upserts them, and reports each refresh into its sync runs, all in the write of its
/// own row. Before every Graph API call it reads its account's throttle, so a rate limit met by any
/// grain of the account holds them all; a refresh goes on step by step in the entity's
/// <see cref="WorkLoop"/>, with its reminder as the crash backstop.
/// </summary>
[MayInterleave(nameof(IsContinueTick))]
public abstract partial class AdEntityGrain(RefreshServices services, IPersistentState<AdEntityState> state)
    : Grain, IAdEntityGrain, IRemindable
{
    public const string StateName = "entity";
    public const string RefreshReminder = "refresh";
    public const string ContinueReminder = "continue";

    private readonly InsightsOptions _options = services.Options;

    private WorkLoop? _work;

    private WorkLoop Work => _work ??= new WorkLoop(this, state, ContinueReminder, _options.RefreshBackstop, services.MinimumReminderPeriod,
        NextStepAt, StepAsync, services.Time, services.Logger);

    /// <summary>Only the backstop's ticks interleave: a refresh tick joins a run to the pending refresh, so it waits for the step in hand.</summary>
    public static bool IsContinueTick(IInvokable request) => WorkLoop.IsTickOf(request, ContinueReminder);

    /// <summary><c>campaign</c>, <c>adset</c> or <c>ad</c>.</summary>
    protected abstract string EntityType { get; }

    private AdEntityState State => state.State;

    private string EntityId => this.GetPrimaryKeyString();

    private AdEntityRef Ref => new(EntityId, EntityType, State.AccountId, EntityType == AdEntityType.Campaign ? EntityId : State.CampaignId,
        EntityType == AdEntityType.AdSet ? EntityId : State.AdSetId);

    public async Task Track(EntityDiscovered discovered)
    {
        State.AccountId = discovered.AccountId;
        if (discovered.CampaignId.Length > 0)
        {
            // A removal notice carries no hierarchy; keep the one known.
            State.CampaignId = discovered.CampaignId;
            State.AdSetId = discovered.AdSetId;
        }
        State.Active = discovered.Active;
        var period = Period(_options.SyncInterval);
        var changed = false;
        if (State.Active && _options.SyncEnabled)
        {
            if (State.RefreshPeriod != period)
            {
                await this.RegisterOrUpdateReminder(RefreshReminder, FirstRefreshDelay(), period);
                State.RefreshPeriod = period;
                changed = true;
            }
        }
        else if (State.RefreshPeriod is not null)
        {
            await UnregisterAsync(RefreshReminder);
            State.RefreshPeriod = null;
            changed = true;
        }
        // A creative not archived yet is work of the loop, stored with its backstop like a refresh.
        if (WantCreative(discovered.CreativeId)) await Work.StartAsync();
        else if (changed) await state.WriteStateAsync();
    }

    public async Task Refresh(SyncRequested request)
    {
        if (!State.Listed)
        {
            State.AccountId = request.AccountId;
            State.CampaignId = request.CampaignId;
            State.AdSetId = request.AdSetId;
        }
        Join(request.SyncId, request.DaysBack, request.Force);
        // The Graph API work runs after the caller has its answer.
        await Work.StartAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RefreshReminder)
        {
            if (!State.Active || !_options.SyncEnabled)
            {
                await UnregisterAsync(RefreshReminder);
                if (State.RefreshPeriod is not null)
                {
                    State.RefreshPeriod = null;
                    await state.WriteStateAsync();
                }
                return;
            }
            var account = await services.Accounts.FindAsync(State.AccountId, CancellationToken.None);
            if (account is null) return;
            var syncId = await services.Runs.ScheduledRunAsync(account.AccountId, account.Tenant, services.Source.Mode, _options.LookbackDays,
                _options.SyncInterval, CancellationToken.None);
            Join(syncId, _options.LookbackDays, force: true);
            // Not stored yet: the next interval's tick asks again if this node is lost before a step stores the refresh.
            Work.Wake();
        }
        else Work.OnReminder(reminderName);
    }

    /// <summary>Orleans refuses reminder periods below its minimum (a test node's is 1 s).</summary>
    private TimeSpan Period(TimeSpan wanted) => wanted < services.MinimumReminderPeriod ? services.MinimumReminderPeriod : wanted;

    /// <summary>
    /// New entities start a second after they are told, spread by id over the first tenth of an
    /// interval (at most 30 s), so an account's first refresh is not one burst and a fresh demo shows
    /// figures within seconds. Never due at once: Orleans computes the first tick after registering
    /// and, finding it already past, would wait a whole period.
    /// </summary>
    private TimeSpan FirstRefreshDelay()
    {
        var spread = Math.Max(1, Math.Min(_options.SyncInterval.TotalMilliseconds / 10, 30_000));
        // A stable hash (string.GetHashCode differs per process), so every node spreads an id alike.
        var hash = EntityId.Aggregate(17u, (h, c) => unchecked(h * 31 + c));
        return TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(hash % spread);
    }

    /// <summary>A request joins the refresh already under way (it reports into every run that asked), widening its days.</summary>
    private void Join(Guid syncId, int daysBack, bool force)
    {
        var pending = State.Pending ??= new PendingRefresh();
        if (!pending.SyncIds.Contains(syncId)) pending.SyncIds.Add(syncId);
        if (daysBack > pending.DaysBack)
        {
            pending.DaysBack = daysBack;
            pending.ReportRunId = null;
            pending.Polls = 0;
        }
        pending.Force |= force;
    }

    private async Task UnregisterAsync(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }
}
