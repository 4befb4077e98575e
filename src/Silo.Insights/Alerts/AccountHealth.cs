namespace Silo.Insights.Alerts;

/// <summary>
/// One ad account's sync health, as seed 004 says to watch it: how long its last finished scheduled
/// sync took against its history, Meta's rate-limit refusals in the last hour, and of its active
/// entities how many are fresh (refreshed within two sync intervals) and how many failed their last refresh.
/// </summary>
public sealed record AccountHealth(string AccountId, double? LastSyncSeconds, double? AverageSyncSeconds, int HistoryRuns,
    int RateLimitHitsLastHour, int ActiveEntities, int FreshEntities, int FailingEntities)
{
    /// <summary>Coverage: share of active entities that are fresh, in percent; null without active entities.</summary>
    public double? FreshPercent => ActiveEntities == 0 ? null : 100.0 * FreshEntities / ActiveEntities;

    /// <summary>Share of active entities whose last refresh failed, in percent; null without active entities.</summary>
    public double? FailingPercent => ActiveEntities == 0 ? null : 100.0 * FailingEntities / ActiveEntities;
}
