namespace Silo.Hosting.Metrics;

/// <summary>
/// Something that contributes samples to <c>/metrics</c>. Each module registers its own with
/// <see cref="MetricsServiceCollectionExtensions.AddMetricsSource{TSource}"/>; every scrape calls
/// every source once, so a source reads its counters (and, sparingly, the database) when asked.
/// </summary>
public interface IMetricsSource
{
    Task CollectAsync(MetricsBuilder metrics, CancellationToken cancellationToken);
}
