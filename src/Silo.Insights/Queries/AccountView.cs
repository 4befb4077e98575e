namespace Silo.Insights.Queries;

/// <summary>A connected account in the overview: its status and whether Meta is holding it back.</summary>
public sealed record AccountView(string AccountId, string Name, string Status, DateTimeOffset? ThrottledUntil, string? ThrottleReason,
    decimal? UsagePercent, DateTimeOffset? DiscoveredAt);
