using Silo.Media.Backfill;

namespace Silo.Media.Patreon;

/// <summary>
/// One Patreon campaign's crawl, keyed by the campaign id. Each method returns once its change is
/// persisted; the crawl itself runs step by step after the call returns. Its status is read from the
/// <c>patreon_crawls</c> table.
/// </summary>
[Alias("silo.media.IPatreonCrawlGrain")]
public interface IPatreonCrawlGrain : ISteeredRun
{
    /// <summary>Starts a new run from phase 1 (Started), unless one is running or paused, or the campaign is another tenant's.
    /// Every command carries the caller's tenant: another tenant's crawl answers false and is left as it is.</summary>
    [Alias("Start")]
    Task<RunStartOutcome> Start(PatreonCrawlStart request);
}
