using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>Who may scrape <c>/metrics</c>. Section <c>Silo:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Silo:Metrics";

    /// <summary>
    /// A bearer token Prometheus may send instead of an API key, so the scraper needs no key in the
    /// key table. Default unset: only keys with analytics:read may scrape. At least 16 characters.
    /// </summary>
    [MinLength(16)] public string? ScrapeKey { get; set; }
}
