using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Polly.Timeout;
using Silo.Hosting.Meta;
using Silo.Hosting.Tenants;
using Silo.Insights.Entities;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;

namespace Silo.Insights.Accounts;

/// <summary>
/// An ad account: discovers its campaigns, ad sets and ads on a periodic reminder and keeps their
/// grains in step (new or re-activated ones start refreshing, paused or removed ones stop). The
/// listing is stored with the account's row (one ETag-checked write); then only the entities whose
/// status changed are told, and each one told is recorded, so a node lost mid-way re-tells the rest.
/// </summary>
[GrainType("ad-account")]
public sealed partial class AdAccountGrain(
    [PersistentState(AdAccountGrain.StateName, InsightsGrains.AccountStorage)] IPersistentState<AdAccountState> state,
    IInsightsSource source, AccountLimits accounts, TenantOwnership ownership, IOptions<InsightsOptions> options, IOptions<ReminderOptions> reminders,
    ILogger<AdAccountGrain> logger) : Grain, IAdAccountGrain, IRemindable
{
    public const string StateName = "account";
    public const string DiscoverReminder = "discover";

    /// <summary>When the discovery reminder first fires after a connect, in case the connect's own discovery was lost with its node.</summary>
    private static readonly TimeSpan FirstBackstop = TimeSpan.FromMinutes(1);

    /// <summary>Entities told at once while a listing is handed out.</summary>
    private const int TellConcurrency = 64;

    private readonly InsightsOptions _options = options.Value;

    private AdAccountState State => state.State;

    private string AccountId => this.GetPrimaryKeyString();

    /// <summary>Orleans refuses reminder periods below its minimum (a test node's is 1 s).</summary>
    private TimeSpan Interval => _options.SyncInterval < reminders.Value.MinimumReminderPeriod ? reminders.Value.MinimumReminderPeriod : _options.SyncInterval;

    public async Task<bool> Connect(AccountConnection connection)
    {
        // The operator lists whose account it is, and a tenant's token_ref names only that tenant's own tokens
        // (the cluster's META_ACCESS_TOKEN only for a tenant-* key): a re-connect by another tenant changes nothing.
        if (!ownership.MayActOn(connection.CallerTenant, connection.Tenant, AssetKind.AdAccount, AccountId)
            || !(connection.TokenRef.StartsWith($"{TenantOwnershipOptions.Section}:{connection.Tenant}:", StringComparison.Ordinal)
                 || connection.TokenRef == AccountConnector.ClusterToken && connection.CallerTenant == TenantOwnership.AllTenants))
            return false;
        State.Tenant = connection.Tenant;
        State.Name = connection.Name;
        State.TokenRef = connection.TokenRef;
        State.Reconnect = true;
        await state.WriteStateAsync();
        // The first discovery runs from a one-shot timer once the caller has its answer; the reminder
        // is its backstop (first tick soon, then every interval). A reminder due at once is no
        // substitute: Orleans computes its first tick after registering, finds "now" already past
        // it and waits a whole period.
        await this.RegisterOrUpdateReminder(DiscoverReminder, Interval < FirstBackstop ? Interval : FirstBackstop, Interval);
        this.RegisterGrainTimer(DiscoverAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == DiscoverReminder ? DiscoverAsync(CancellationToken.None) : Task.CompletedTask;

    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(AccountId, cancellationToken);
        if (account is null || account.Status == AdAccount.TokenExpired) return;
        if (account.ThrottledFor > TimeSpan.Zero)
        {
            // Moves this occurrence past the hold; the period stays.
            await this.RegisterOrUpdateReminder(DiscoverReminder, account.ThrottledFor, Interval);
            return;
        }

        IReadOnlyList<DiscoveredEntity> found;
        try
        {
            found = await source.DiscoverAsync(account, cancellationToken);
        }
        catch (GraphApiException e) when (e.IsRateLimit)
        {
            var wait = e.RetryAfter ?? _options.RateLimitRetryDelay;
            await accounts.RateLimitedAsync(account.AccountId, e.Code ?? 0, wait, $"code {e.Code}: {e.Message}", cancellationToken);
            await this.RegisterOrUpdateReminder(DiscoverReminder, wait, Interval);
            return;
        }
        catch (GraphApiException e) when (e.IsTokenExpired)
        {
            await accounts.MarkTokenExpiredAsync(account,
                $"Meta access token for ad account {account.AccountId} expired or was revoked (code 190): {e.Message}. Reconnect the account.", cancellationToken);
            return;
        }
        catch (Exception e) when (e is GraphApiException or HttpRequestException or TimeoutRejectedException)
        {
            LogDiscoveryFailed(logger, e, account.AccountId);
            return;
        }

        // A node started with another interval or with refresh switched on/off re-tells every entity.
        var schedule = $"{_options.SyncEnabled}|{_options.SyncInterval}";
        State.Listing = found;
        await state.WriteStateAsync();
        await TellAsync(found, schedule);
        LogDiscovered(logger, account.AccountId, found.Count, found.Count(e => e.IsActive));
    }

    /// <summary>Tells the entities whose status (or, for an ad, creative) changed since they were last told, then records them as told.</summary>
    private async Task TellAsync(IReadOnlyList<DiscoveredEntity> found, string schedule)
    {
        var retell = State.Schedule != schedule;
        var tell = new List<(string Key, string Type, string Id, EntityDiscovered Notice)>();
        var seen = new HashSet<string>();
        foreach (var entity in found)
        {
            var key = $"{entity.EntityType}/{entity.EntityId}";
            seen.Add(key);
            // An ad shows a creative it was not told of (new, or replaced): it reads and archives that one.
            var creative = _options.ArchiveCreatives ? entity.CreativeId : null;
            var newCreative = creative is not null && State.Creatives.GetValueOrDefault(entity.EntityId) != creative;
            if (!retell && !newCreative && State.Entities.TryGetValue(key, out var active) && active == entity.IsActive) continue;
            tell.Add((key, entity.EntityType, entity.EntityId, new EntityDiscovered(AccountId, entity.CampaignId, entity.AdSetId, entity.IsActive, creative)));
        }
        foreach (var gone in State.Entities.Where(e => e.Value && !seen.Contains(e.Key)).Select(e => e.Key))
        {
            var slash = gone.IndexOf('/');
            tell.Add((gone, gone[..slash], gone[(slash + 1)..], new EntityDiscovered(AccountId, "", null, Active: false)));
        }
        if (tell.Count == 0)
        {
            if (!retell) return;
            State.Schedule = schedule;
            await state.WriteStateAsync();
            return;
        }

        var told = new List<(string Key, bool Active, string Id, string? Creative)>();
        try
        {
            // In chunks on this grain's scheduler (no thread-pool loop: grain calls belong to the activation).
            foreach (var chunk in tell.Chunk(TellConcurrency))
                await Task.WhenAll(chunk.Select(async t =>
                {
                    await GrainFactory.Entity(t.Type, t.Id).Track(t.Notice);
                    told.Add((t.Key, t.Notice.Active, t.Id, t.Notice.CreativeId));
                }));
        }
        finally
        {
            // Whatever was told is recorded even if some calls failed: the next discovery tells the rest.
            foreach (var (key, active, id, creative) in told)
            {
                State.Entities[key] = active;
                if (creative is not null) State.Creatives[id] = creative;
            }
            // The schedule counts as told only once every entity has heard it.
            if (told.Count == tell.Count) State.Schedule = schedule;
            await state.WriteStateAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ad account {AccountId}: discovered {Count} entities, {Active} active")]
    private static partial void LogDiscovered(ILogger logger, string accountId, int count, int active);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ad account {AccountId}: discovery failed; next attempt on the next interval")]
    private static partial void LogDiscoveryFailed(ILogger logger, Exception error, string accountId);
}
