using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Silo.Gateway.Auth;
using Silo.Media.Scrub;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// The integrity scrub (<c>/api/media/scrubs</c>): its runs' reports and findings, read by any tenant (each sees the findings
/// on files its own posts hold; orphans and dangling rows, which no post holds, only tenant <c>*</c>), started and cancelled
/// by an admin of tenant <c>*</c> alone, since stored objects are shared across tenants.
/// </summary>
public static class ScrubEndpoints
{
    private static readonly string[] Kinds =
        [ScrubFindingKinds.Missing, ScrubFindingKinds.Corrupted, ScrubFindingKinds.Dangling, ScrubFindingKinds.Orphaned];

    public static RouteGroupBuilder MapScrubApi(this IEndpointRouteBuilder app)
    {
        var scrubs = app.MapGroup("/api/media/scrubs").WithTags("Media");
        var read = scrubs.Needing(Permissions.AnalyticsRead);
        var admin = scrubs.Needing(Permissions.Admin);
        read.MapGet("/", List).WithName("ListScrubRuns")
            .WithSummary("The latest scrub runs: files and bytes checked, objects listed, findings by kind and outcome");
        read.MapGet("/{run:int}/findings", Findings).WithName("ListScrubFindings")
            .WithSummary("A run's findings: missing, corrupted, dangling and orphaned objects, with the posts holding each file");
        admin.MapPost("/", Start).WithName("StartScrub").WithSummary("Start a scrub of the whole store now (tenant * only)");
        admin.MapPost("/cancel", Cancel).WithName("CancelScrub").WithSummary("Stop the scrub in progress (tenant * only)");
        return scrubs;
    }

    private static async Task<Results<Ok<List<ScrubRunView>>, ValidationProblem>> List(int? limit, ClaimsPrincipal user, ScrubQueries queries,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 100) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 100."] });
        return TypedResults.Ok(await queries.RunsAsync(user.Tenant(), limit ?? 20, cancellationToken));
    }

    private static async Task<Results<Ok<List<ScrubFindingView>>, ValidationProblem, ProblemHttpResult>> Findings(int run, string? kind, int? limit,
        ClaimsPrincipal user, ScrubQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (kind is not null && !Kinds.Contains(kind)) errors["kind"] = [$"must be one of {string.Join(", ", Kinds)}, or left out for every kind."];
        if (limit is < 1 or > 1000) errors["limit"] = ["must be between 1 and 1000."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!await queries.RunExistsAsync(run, cancellationToken))
            return TypedResults.Problem($"No scrub run {run}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        return TypedResults.Ok(await queries.FindingsAsync(user.Tenant(), run, kind, limit ?? 200, cancellationToken));
    }

    private static async Task<Results<Accepted<List<ScrubRunView>>, ProblemHttpResult>> Start(ClaimsPrincipal user, IGrainFactory grains,
        ScrubQueries queries, CancellationToken cancellationToken)
    {
        if (user.Tenant() is not "*") return OperatorOnly();
        if (!await grains.GetGrain<IScrubGrain>(ScrubIds.Cluster).Start(user.Tenant()))
            return TypedResults.Problem("A scrub is running: cancel it first, or follow it at /api/media/scrubs.", statusCode: StatusCodes.Status409Conflict,
                title: "Conflict");
        return TypedResults.Accepted("/api/media/scrubs", await queries.RunsAsync(user.Tenant(), 1, cancellationToken));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> Cancel(ClaimsPrincipal user, IGrainFactory grains)
    {
        if (user.Tenant() is not "*") return OperatorOnly();
        return await grains.GetGrain<IScrubGrain>(ScrubIds.Cluster).Cancel(user.Tenant())
            ? TypedResults.Accepted((string?)null)
            : TypedResults.Problem("No scrub is running.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
    }

    private static ProblemHttpResult OperatorOnly() => TypedResults.Problem(
        "Stored objects are shared by every tenant, so only an admin key of tenant * starts or cancels a scrub.",
        statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
