using Silo.Media.Backfill;

namespace Silo.Media.Patreon;

/// <summary>
/// One Patreon campaign's crawl, keyed by the campaign id. Each method returns once its change is
/// persisted; the crawl itself runs step by step after the call returns. Its status is read from the
/// <c>patreon_crawls</c> table.
/// </summary>
[Alias("silo.media.IPatreonCrawlGrain")]
public interface IPatreonCrawlGrain : IGrainWithStringKey
{
    /// <summary>Starts a new run from phase 1 (Started), unless one is running or paused, or the campaign is another tenant's.
    /// Every command carries the caller's tenant: another tenant's crawl answers false and is left as it is.</summary>
    [Alias("Start")]
    Task<RunStartOutcome> Start(PatreonCrawlStart request);

    /// <summary>Stops after the step in hand; false when the crawl is not running.</summary>
    [Alias("Pause")]
    Task<bool> Pause(string callerTenant);

    /// <summary>Goes on from the last stored step, after a pause or a failure (a renewed token); false otherwise.</summary>
    [Alias("Resume")]
    Task<bool> Resume(string callerTenant);

    /// <summary>Ends the run where it stands (posts already handed on stay); false when it has already ended.</summary>
    [Alias("Cancel")]
    Task<bool> Cancel(string callerTenant);
}
