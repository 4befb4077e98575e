namespace Silo.Insights.Entities;

/// <summary>An ad entity grain's state (kept as JSON by the runtime; what users query lives in the tables).</summary>
public sealed class AdEntityState
{
    public string AccountId { get; set; } = "";
    public string CampaignId { get; set; } = "";
    public string? AdSetId { get; set; }
    public bool Active { get; set; }

    /// <summary>Period of the registered refresh reminder, or null when none is registered.</summary>
    public TimeSpan? RefreshPeriod { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public int LastDaysBack { get; set; }

    /// <summary>Refreshes in a row that failed at Meta's side (not skipped for an expired token); reset by a success.</summary>
    public int ConsecutiveFailures { get; set; }
    public PendingRefresh? Pending { get; set; }
}
