using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Orleans.Runtime;
using Silo.Gateway.Auth;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// The cluster's silos as Orleans' membership sees them (the Orleans Dashboard at /orleans shows the
/// rest). Work that used up its retries is no longer parked here: it ends in its module's failed
/// state, visible and retryable through that module's API.
/// </summary>
public static class ClusterEndpoints
{
    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cluster").WithTags("Cluster").RequireAuthorization(Permissions.AnalyticsRead);
        group.MapGet("/nodes", GetNodes).WithName("GetNodes")
            .WithSummary("Silos in the membership table: status, address, start time, last heartbeat (dead ones kept a day)");
        return group;
    }

    /// <summary>One silo: <see cref="Status"/> is Orleans' (active, joining, shuttingdown, dead…).</summary>
    public sealed record NodeView(string Name, string Address, string HostName, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt);

    private static async Task<Ok<List<NodeView>>> GetNodes(IClusterClient cluster)
    {
        var hosts = await cluster.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return TypedResults.Ok(hosts.OrderBy(h => h.StartTime).Select(h => new NodeView(h.SiloName, h.SiloAddress.ToParsableString(), h.HostName,
            h.Status.ToString().ToLowerInvariant(), new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)),
            new DateTimeOffset(DateTime.SpecifyKind(h.IAmAliveTime, DateTimeKind.Utc)))).ToList());
    }
}
