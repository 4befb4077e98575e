using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>Who may scrape <c>/metrics</c>, and how fresh its figures are. Section <c>Silo:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Silo:Metrics";

    /// <summary>
    /// A bearer token Prometheus may send instead of an API key, so the scraper needs no key in the
    /// key table. Default unset: only keys with analytics:read may scrape. At least 16 characters.
    /// </summary>
    [MinLength(16)] public string? ScrapeKey { get; set; }

    /// <summary>
    /// How old the modules' figures (read from their tables) may be when scraped: each node reads them
    /// at most this often, however many scrapers there are. Default 15 s, Prometheus' usual interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")] public TimeSpan DatabaseReadInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many series (label combinations) one metric may hold; more go to OpenTelemetry's overflow series.
    /// Each metric sets aside room for all of them up front, and Orleans alone has a few hundred metrics:
    /// OpenTelemetry's default of 2,000 cost a node about 40 MB. Default 300, far above what Silo's and
    /// Orleans' labels make.
    /// </summary>
    [Range(10, 100_000)] public int MaxSeriesPerMetric { get; set; } = 300;
}
