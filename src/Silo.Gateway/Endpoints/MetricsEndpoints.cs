using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Silo.Gateway.Dashboard.Metrics;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// <c>/metrics</c>: OpenTelemetry's Prometheus exporter (Orleans' meter and the modules'), whose figures
/// are the whole cluster's: for a key of tenant <c>*</c> with analytics:read, or the configured scrape
/// key as a bearer token.
/// </summary>
public static class MetricsEndpoints
{
    public static IEndpointConventionBuilder MapMetricsApi(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics")
            .WithName("GetMetrics").WithTags("Metrics")
            .WithSummary("Orleans' and the modules' metrics in Prometheus text format (analytics:read of tenant *, or the scrape key as a bearer token)")
            .RequireAuthorization(ScrapeRequirement.Policy);
}
