using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Silo.Gateway.Dashboard.Metrics;
using Silo.Hosting.Metrics;

namespace Silo.Gateway.Endpoints;

/// <summary><c>/metrics</c>: every registered <see cref="IMetricsSource"/> in Prometheus' text format.</summary>
public static class MetricsEndpoints
{
    /// <summary>The content type Prometheus expects for text format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static RouteHandlerBuilder MapMetricsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", GetMetrics).WithName("GetMetrics").WithTags("Metrics")
            .WithSummary("Counters and gauges in Prometheus text format (analytics:read, or the scrape key as a bearer token)")
            .RequireAuthorization(ScrapeRequirement.Policy);

    private static async Task<ContentHttpResult> GetMetrics(IEnumerable<IMetricsSource> sources, CancellationToken cancellationToken)
    {
        var metrics = new MetricsBuilder();
        foreach (var source in sources)
            await source.CollectAsync(metrics, cancellationToken);
        return TypedResults.Text(metrics.ToString(), ContentType);
    }
}
