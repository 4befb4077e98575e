using Silo.Insights.Meta;
using Silo.Hosting.Grains;

namespace Silo.Insights.Entities;

/// <summary>
/// A campaign, ad set or ad: refreshes its daily insights on its own periodic reminder (and on
/// sync-now), upserts them, and reports each refresh into its sync runs. Before every Graph API call
/// it reads its account's throttle, so a rate limit met by any grain of the account holds them all;
/// a rate-limited refresh resumes by reminder once access is regained.
/// </summary>
public abstract partial class AdEntityGrain(RefreshServices services) : Grain<AdEntityState>
{
    public const string RefreshReminder = "refresh";
    public const string ContinueReminder = "continue";

    private readonly InsightsOptions _options = services.Options;

    /// <summary><c>campaign</c>, <c>adset</c> or <c>ad</c>.</summary>
    protected abstract string EntityType { get; }

    private string EntityId => GrainId.Key;

    private AdEntityRef Ref => new(EntityId, EntityType, State.AccountId, EntityType == AdEntityType.Campaign ? EntityId : State.CampaignId,
        EntityType == AdEntityType.AdSet ? EntityId : State.AdSetId);

    public override async Task ReceiveAsync(object message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case EntityDiscovered discovered:
                Discovered(discovered);
                break;
            case SyncRequested sync:
                if (State.AccountId.Length == 0)
                {
                    State.AccountId = sync.AccountId;
                    State.CampaignId = sync.CampaignId;
                    State.AdSetId = sync.AdSetId;
                }
                Join(sync.SyncId, sync.DaysBack, sync.Force);
                await ContinueAsync(cancellationToken);
                break;
            default:
                await base.ReceiveAsync(message, cancellationToken);
                break;
        }
    }

    public override async Task ReceiveReminder(string reminderName, TickStatus status, CancellationToken cancellationToken)
    {
        if (reminderName == RefreshReminder)
        {
            if (!State.Active || !_options.SyncEnabled)
            {
                UnregisterReminder(RefreshReminder);
                State.RefreshPeriod = null;
                return;
            }
            var account = await services.Accounts.FindAsync(State.AccountId, cancellationToken);
            if (account is null) return;
            var syncId = await services.Runs.ScheduledRunAsync(account.AccountId, account.Tenant, services.Source.Mode, _options.LookbackDays,
                _options.SyncInterval, cancellationToken);
            Join(syncId, _options.LookbackDays, force: true);
        }
        if (reminderName is RefreshReminder or ContinueReminder)
            await ContinueAsync(cancellationToken);
    }

    private void Discovered(EntityDiscovered discovered)
    {
        State.AccountId = discovered.AccountId;
        if (discovered.CampaignId.Length > 0)
        {
            // A removal notice carries no hierarchy; keep the one known.
            State.CampaignId = discovered.CampaignId;
            State.AdSetId = discovered.AdSetId;
        }
        State.Active = discovered.Active;
        if (State.Active && _options.SyncEnabled)
        {
            if (State.RefreshPeriod != _options.SyncInterval)
                RegisterOrUpdateReminder(RefreshReminder, FirstRefreshDelay(), _options.SyncInterval);
            State.RefreshPeriod = _options.SyncInterval;
        }
        else if (State.RefreshPeriod is not null)
        {
            UnregisterReminder(RefreshReminder);
            State.RefreshPeriod = null;
        }
    }

    /// <summary>
    /// New entities start within the first tenth of an interval (at most 30 s), spread by id, so an
    /// account's first refresh is not one burst and a fresh demo shows figures within seconds.
    /// </summary>
    private TimeSpan FirstRefreshDelay()
    {
        var spread = Math.Max(1, Math.Min(_options.SyncInterval.TotalMilliseconds / 10, 30_000));
        // A stable hash (string.GetHashCode differs per process), so every node spreads an id alike.
        var hash = EntityId.Aggregate(17u, (h, c) => unchecked(h * 31 + c));
        return TimeSpan.FromMilliseconds(hash % spread);
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
}
