using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Silo.Gateway.Auth;
using Silo.Media.Posts;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// Alerts (seed 000): store unavailable or full, archive error rate over the threshold (the cluster's, tenant <c>*</c>), a
/// walk's or crawl's refused token (its tenant's). A tenant's key lists its own and the cluster's, and resolves only its own.
/// </summary>
public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts");
        var read = group.Needing(Permissions.AnalyticsRead);
        var manage = group.Needing(Permissions.Manager);
        read.MapGet("/", List).WithName("ListAlerts").WithSummary("Alerts, newest first");
        manage.MapPost("/{id:long}/resolve", Resolve).WithName("ResolveAlert").WithSummary("Mark an alert resolved");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertView>>, ValidationProblem>> List(MediaQueries queries, ClaimsPrincipal user, bool? resolved,
        int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 1000."] });
        return TypedResults.Ok(await queries.AlertsAsync(Scope(user), resolved, limit ?? 100, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Resolve(long id, MediaQueries queries, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        await queries.ResolveAlertAsync(id, Scope(user), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"No open alert {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static string? Scope(ClaimsPrincipal user) => user.Tenant() is "*" ? null : user.Tenant();
}
