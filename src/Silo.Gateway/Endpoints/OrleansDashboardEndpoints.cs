using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;
using Silo.Gateway.Auth;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// The Orleans Dashboard (silos, grains, method calls, reminders, the log stream) under
/// <see cref="Path"/>, behind the same keys as everything else: a browser signs in at <c>/signin</c>.
/// It lists every grain id of every tenant (posts, batches, accounts), so only keys of tenant <c>*</c>
/// with analytics:read may view it (<see cref="WholeClusterReaders"/>); a tenant's key gets 403. The
/// dashboard has no write actions (every route is a GET), but two of its views show still more: a
/// grain's stored state (<c>GrainState</c>: posts, batches, tokens' owners) and the live log stream
/// (<c>Trace</c>). Those two also need admin.
/// </summary>
public static class OrleansDashboardEndpoints
{
    public const string Path = "/orleans";

    private static readonly string[] AdminOnly = ["/GrainState", "/Trace"];

    public static RouteGroupBuilder MapOrleansDashboardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapOrleansDashboard(Path);
        group.WithTags("Orleans Dashboard").ExcludeFromDescription().RequireAuthorization(WholeClusterReaders.Policy);
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && AdminOnly.Any(a => route.RoutePattern.RawText?.EndsWith(a, StringComparison.Ordinal) == true))
                endpoint.Metadata.Add(new AuthorizeAttribute(Permissions.Admin));
        });
        return group;
    }
}
