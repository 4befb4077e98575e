using Silo.Media.Backfill;

namespace Silo.Media.Patreon;

/// <summary>
/// A crawl's status as users see it (<c>GET …/crawl</c>): its phase and figures and, counted from the
/// posts phase 2 handed on, how many are archived, failed for good or still being archived.
/// </summary>
public sealed record PatreonCrawlView(
    string CampaignId, string Tenant, int Run, string Status, string Phase, int PagesRead, int PostsFound, int DetailsRead, int PostsGone,
    int TiersFound, long Archived, long Failed, long InProgress, int Slowdowns, DateTimeOffset? RestingUntil, string? LastError,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Posts whose details were read (or found gone) and whose archiving has settled, of those listed: 0..1; 0 while the list is being read.</summary>
    public double Progress => PostsFound == 0
        ? (Status == BackfillStatus.Done ? 1 : 0)
        : Phase == PatreonCrawlPhase.List ? 0 : Math.Round((double)(Archived + Failed + PostsGone) / PostsFound, 4);

    /// <summary>Phase 3's groups (each tier and how many of the run's posts are locked to it); filled on <c>GET …/crawl</c> only.</summary>
    public IReadOnlyList<PatreonCollection> Collections { get; init; } = [];
}

/// <summary>A tier of the campaign and the number of the crawl's posts locked to it.</summary>
public sealed record PatreonCollection(string TierId, string? Title, int? AmountCents, long Posts);
