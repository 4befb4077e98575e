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
/// rest). Work that used up its retries is not listed here: it ends in its module's failed state,
/// visible and retryable through that module's API.
/// </summary>
public static class ClusterEndpoints
{
    /// <summary>The <c>include</c> value that adds dead silos to the list.</summary>
    public const string IncludeDead = "dead";

    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cluster").WithTags("Cluster").RequireAuthorization(Permissions.AnalyticsRead);
        group.MapGet("/nodes", GetNodes).WithName("GetNodes")
            .WithSummary("Live silos in the membership table: status, address, start time, last heartbeat; ?include=dead adds dead ones (kept a day)");
        return group;
    }

    /// <summary>One silo: <see cref="Status"/> is Orleans' (active, joining, shuttingdown, dead…).</summary>
    public sealed record NodeView(string Name, string Address, string HostName, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt);

    private static async Task<Results<Ok<List<NodeView>>, ValidationProblem>> GetNodes(string? include, IClusterClient cluster)
    {
        if (include is not (null or IncludeDead))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["include"] = [$"must be '{IncludeDead}' or absent."] });
        // Dead rows stay in the table until Orleans' defunct-silo cleanup removes them (Silo:Cluster:DefunctSiloExpiration):
        // earlier runs' silos are history, not part of the cluster, so they are shown only on request.
        var hosts = await cluster.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return TypedResults.Ok(hosts.Where(h => include == IncludeDead || h.Status != SiloStatus.Dead).OrderBy(h => h.StartTime)
            .Select(h => new NodeView(h.SiloName, h.SiloAddress.ToParsableString(), h.HostName, h.Status.ToString().ToLowerInvariant(),
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)),
                new DateTimeOffset(DateTime.SpecifyKind(h.IAmAliveTime, DateTimeKind.Utc)))).ToList());
    }
}
