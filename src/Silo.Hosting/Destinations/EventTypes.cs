namespace Silo.Hosting.Destinations;

/// <summary>The events a destination can subscribe to, as the triggers of <c>sql/025_notifications.sql</c> name them.</summary>
public static class EventTypes
{
    public const string AlertRaised = "alert.raised";
    public const string AlertResolved = "alert.resolved";
    public const string PostError = "post.error";
    public const string BatchFinished = "batch.finished";
    public const string BatchFailed = "batch.failed";
    public const string BatchUnconfirmed = "batch.unconfirmed";
    public const string BackfillDone = "backfill.done";
    public const string BackfillStopped = "backfill.stopped";
    public const string CrawlDone = "crawl.done";
    public const string CrawlStopped = "crawl.stopped";
    public const string TokenExpired = "token.expired";

    /// <summary>What "send a test event" sends: to its one destination, whatever it subscribed to.</summary>
    public const string Test = "test";

    public static readonly IReadOnlyList<string> All =
    [
        AlertRaised, AlertResolved, PostError, BatchFinished, BatchFailed, BatchUnconfirmed,
        BackfillDone, BackfillStopped, CrawlDone, CrawlStopped, TokenExpired,
    ];
}
