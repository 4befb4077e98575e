using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Silo.Insights.Meta;
using Silo.Insights.Storage;
using Silo.Hosting.Grains;

namespace Silo.Insights.Entities;

/// <summary>
/// An ad account: discovers its campaigns, ad sets and ads on a periodic reminder and keeps their
/// grains in step (new or re-activated ones start refreshing, paused or removed ones stop). Only
/// changes are sent, compared with its state, which commits together with the messages.
/// </summary>
public sealed partial class AdAccountGrain(IInsightsSource source, AdAccountStore accounts, AdEntityStore entities,
    IOptions<InsightsOptions> options, ILogger<AdAccountGrain> logger) : Grain<AdAccountState>
{
    public const string DiscoverReminder = "discover";

    private readonly InsightsOptions _options = options.Value;

    public override Task ReceiveAsync(object message, CancellationToken cancellationToken)
    {
        if (message is not AccountConnected) return base.ReceiveAsync(message, cancellationToken);
        State.Connected = true;
        RegisterOrUpdateReminder(DiscoverReminder, TimeSpan.Zero, _options.SyncInterval);
        return Task.CompletedTask;
    }

    public override async Task ReceiveReminder(string reminderName, TickStatus status, CancellationToken cancellationToken)
    {
        if (reminderName != DiscoverReminder) return;
        var account = await accounts.FindAsync(GrainId.Key, cancellationToken);
        if (account is null || account.Status == AdAccount.TokenExpired) return;
        if (account.ThrottledFor > TimeSpan.Zero)
        {
            // Moves this occurrence past the hold; the period (and its grid) stays.
            RegisterOrUpdateReminder(DiscoverReminder, account.ThrottledFor, _options.SyncInterval);
            return;
        }

        IReadOnlyList<DiscoveredEntity> found;
        try
        {
            found = await source.DiscoverAsync(account, cancellationToken);
        }
        catch (MetaApiException e) when (e.IsRateLimit)
        {
            var wait = e.RetryAfter ?? _options.RateLimitRetryDelay;
            await accounts.ThrottleAsync(account.AccountId, wait, $"code {e.Code}: {e.Message}", cancellationToken);
            RegisterOrUpdateReminder(DiscoverReminder, wait, _options.SyncInterval);
            return;
        }
        catch (MetaApiException e) when (e.IsTokenExpired)
        {
            await accounts.MarkTokenExpiredAsync(account.AccountId,
                $"Meta access token for ad account {account.AccountId} expired or was revoked (code 190): {e.Message}. Reconnect the account.", cancellationToken);
            return;
        }
        catch (Exception e) when (e is MetaApiException or HttpRequestException or TimeoutRejectedException)
        {
            LogDiscoveryFailed(logger, e, account.AccountId);
            return;
        }

        await entities.SaveDiscoveredAsync(account.AccountId, found, cancellationToken);
        await accounts.MarkDiscoveredAsync(account.AccountId, cancellationToken);
        // A node started with another interval or with refresh switched on/off re-tells every entity.
        var schedule = $"{_options.SyncEnabled}|{_options.SyncInterval}";
        var retell = State.Schedule != schedule;
        if (retell && State.Schedule is not null) RegisterOrUpdateReminder(DiscoverReminder, _options.SyncInterval, _options.SyncInterval);
        State.Schedule = schedule;
        var seen = new HashSet<string>();
        foreach (var entity in found)
        {
            var key = $"{entity.EntityType}/{entity.EntityId}";
            seen.Add(key);
            if (!retell && State.Entities.TryGetValue(key, out var active) && active == entity.IsActive) continue;
            State.Entities[key] = entity.IsActive;
            Send(InsightsGrains.Entity(entity.EntityType, entity.EntityId),
                new EntityDiscovered(account.AccountId, entity.CampaignId, entity.AdSetId, entity.IsActive));
        }
        foreach (var gone in State.Entities.Where(e => e.Value && !seen.Contains(e.Key)).Select(e => e.Key).ToList())
        {
            State.Entities[gone] = false;
            var slash = gone.IndexOf('/');
            Send(InsightsGrains.Entity(gone[..slash], gone[(slash + 1)..]), new EntityDiscovered(account.AccountId, "", null, Active: false));
        }
        LogDiscovered(logger, account.AccountId, found.Count, found.Count(e => e.IsActive));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ad account {AccountId}: discovered {Count} entities, {Active} active")]
    private static partial void LogDiscovered(ILogger logger, string accountId, int count, int active);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ad account {AccountId}: discovery failed; next attempt on the next interval")]
    private static partial void LogDiscoveryFailed(ILogger logger, Exception error, string accountId);
}
