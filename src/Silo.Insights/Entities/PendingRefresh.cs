namespace Silo.Insights.Entities;

/// <summary>
/// A refresh that has not finished: the runs waiting for it, the days it covers, the rate-limited
/// retries used and, in live mode, the report job being polled. Kept in state so a throttled or
/// polling refresh resumes on any node after a restart.
/// </summary>
public sealed class PendingRefresh
{
    public List<Guid> SyncIds { get; set; } = [];
    public int DaysBack { get; set; }
    public bool Force { get; set; }
    public int RateLimitRetries { get; set; }
    public string? ReportRunId { get; set; }
    public int Polls { get; set; }
}
