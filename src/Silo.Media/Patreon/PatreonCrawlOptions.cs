using System.ComponentModel.DataAnnotations;

namespace Silo.Media.Patreon;

/// <summary>How Patreon creator crawls run (seed 003's three phases). Section <c>Silo:Media:Patreon</c>.</summary>
public sealed class PatreonCrawlOptions
{
    public const string Section = "Silo:Media:Patreon";

    /// <summary>Posts asked for per page of a campaign's post list (<c>page[count]</c>). Default 50.</summary>
    [Range(1, 500)] public int PageSize { get; set; } = 50;

    /// <summary>
    /// Phase 1 (collecting the post list): how many crawls on one node may read a page at once.
    /// Seed 003's <c>workers.phase1</c>: 2.
    /// </summary>
    [Range(1, 64)] public int ListConcurrency { get; set; } = 2;

    /// <summary>Phase 2 (each post's details and media, handed to its post grain): reads at once per node. Seed 003's <c>workers.phase2</c>: 1.</summary>
    [Range(1, 64)] public int DetailsConcurrency { get; set; } = 1;

    /// <summary>Phase 3 (collections: the campaign's tiers and which posts they hold): reads at once per node. Seed 003's <c>workers.phase3</c>: 2.</summary>
    [Range(1, 64)] public int CollectionsConcurrency { get; set; } = 2;

    /// <summary>The crash backstop: how soon a crawl whose node died is resumed elsewhere (at least <c>Silo:Cluster:MinimumReminderPeriod</c>). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after a transient failure (5xx, a timeout, a network error), doubling on each in a row. Seed 003's <c>retry_delay</c>: 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest one call to Patreon's API may take before it fails as transient and is retried. Seed 003's <c>scraping.timeout</c>. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between retries. Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "24:00:00")] public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Transient failures in a row after which the crawl ends <c>failed</c> (resumable). Default 8.</summary>
    [Range(1, 1000)] public int MaxFailuresInRow { get; set; } = 8;

    /// <summary>The wait after a 429 that carries no <c>Retry-After</c>. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")] public TimeSpan RateLimitWait { get; set; } = TimeSpan.FromSeconds(60);

    public int ConcurrencyOf(string phase) => phase switch
    {
        PatreonCrawlPhase.List => ListConcurrency,
        PatreonCrawlPhase.Details => DetailsConcurrency,
        _ => CollectionsConcurrency,
    };
}
