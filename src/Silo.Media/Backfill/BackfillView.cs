namespace Silo.Media.Backfill;

/// <summary>
/// A walk's status as users see it (<c>GET …/backfill</c>, <c>GET …/history</c>): the walk's own
/// figures and, counted from the posts it handed on, how many are archived, failed for good, skipped
/// (stories, posts without a message) or still being archived.
/// </summary>
public sealed record BackfillView(
    string Id, string Source, string AccountId, string Tenant, int Run, string Status, DateTimeOffset? Since, DateTimeOffset? Until,
    int PagesRead, int PostsFound, long Archived, long Failed, long Skipped, long InProgress,
    DateTimeOffset? OldestReached, DateTimeOffset? NewestReached, int Slowdowns, DateTimeOffset? RestingUntil, int? LastUsagePercent,
    string? LastError, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Posts handed on whose archiving has settled (archived, failed or skipped), of those found so far: 0..1.</summary>
    public double Progress => PostsFound == 0 ? (Status == BackfillStatus.Done ? 1 : 0) : Math.Round((double)(Archived + Failed + Skipped) / PostsFound, 4);
}
