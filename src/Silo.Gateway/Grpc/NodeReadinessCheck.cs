using Microsoft.Extensions.Diagnostics.HealthChecks;
using Silo.Gateway.Endpoints;

namespace Silo.Gateway.Grpc;

/// <summary>gRPC's health service reports what <c>/readyz</c> does: SERVING once the node is started, in the cluster and on a current schema.</summary>
internal sealed class NodeReadinessCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await HealthEndpoints.NotReadyAsync(services, cancellationToken) is { } reason
            ? HealthCheckResult.Unhealthy(reason)
            : HealthCheckResult.Healthy();
}
