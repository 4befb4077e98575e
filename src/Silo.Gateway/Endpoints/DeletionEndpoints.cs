using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Silo.Gateway.Auth;
using Silo.Media.Deletion;
using Silo.Media.Posts;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// Deleting a post (a manager of its tenant), a tenant's or a source's posts (an admin: started, followed, stopped), the
/// deletions' audit lines, and the retention in force (every reader: it is the same for every tenant).
/// </summary>
public static class DeletionEndpoints
{
    public static RouteGroupBuilder MapDeletionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Deletion");
        var manage = group.Needing(Permissions.Manager);
        manage.MapDelete("/posts/{id}", Delete).WithName("DeletePost")
            .WithSummary("Delete a post: its rows go, its files are released (deleted from the store after the grace period unless held again)");
        var admin = group.Needing(Permissions.Admin);
        admin.MapPost("/deletions/tenants/{tenant}", StartPurge).WithName("StartPurge")
            .WithSummary("Delete every post of a tenant, or of one of its sources (?source=), as a job; its progress as the answer");
        admin.MapGet("/deletions/tenants/{tenant}", GetPurge).WithName("GetPurge").WithSummary("The progress of a tenant's (or a source's) purge");
        admin.MapPost("/deletions/tenants/{tenant}/cancel", CancelPurge).WithName("CancelPurge")
            .WithSummary("Stop a running purge after the batch in hand; the posts deleted so far stay deleted");
        admin.MapGet("/deletions/tenants/{tenant}/preview", PreviewPurge).WithName("PreviewPurge")
            .WithSummary("How many posts a purge of the tenant (or of a source) would delete now, and its last purge");
        group.Needing(Permissions.AnalyticsRead).MapGet("/deletions/retention", Retention).WithName("GetRetention")
            .WithSummary("How long each source's posts are kept (null: for ever) and the grace period of released files; the same for every tenant");
        manage.MapGet("/deletions", List).WithName("ListDeletions").WithSummary("The deletions' audit lines, newest first: who deleted what, when");
        return group;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        // The grain checks the owner: another tenant's post answers as one that does not exist.
        var deleted = await grains.GetGrain<IPostGrain>(id).Delete(user.Tenant(), Actor(user), "manager");
        return deleted
            ? TypedResults.NoContent()
            : TypedResults.Problem($"No post {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }

    private static async Task<Results<Accepted<PurgeView>, ValidationProblem, ProblemHttpResult>> StartPurge(string tenant, string? source,
        ClaimsPrincipal user, IGrainFactory grains)
    {
        if (source is not null && !PostIds.Sources.Contains(source))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = [$"must be one of {string.Join(", ", PostIds.Sources)}."] });
        if (!user.SeesTenant(tenant) || tenant == "*") return NoPurge(tenant, source);
        var view = await grains.GetGrain<IPurgeGrain>(PurgeIds.Key(tenant, source)).Start(Actor(user));
        return TypedResults.Accepted($"/api/deletions/tenants/{Uri.EscapeDataString(tenant)}{(source is null ? "" : $"?source={source}")}", view);
    }

    private static async Task<Results<Ok<PurgeView>, ValidationProblem, ProblemHttpResult>> GetPurge(string tenant, string? source, ClaimsPrincipal user,
        IGrainFactory grains)
    {
        if (source is not null && !PostIds.Sources.Contains(source))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = [$"must be one of {string.Join(", ", PostIds.Sources)}."] });
        if (!user.SeesTenant(tenant)) return NoPurge(tenant, source);
        return await grains.GetGrain<IPurgeGrain>(PurgeIds.Key(tenant, source)).View() is { } view ? TypedResults.Ok(view) : NoPurge(tenant, source);
    }

    private static async Task<Results<Ok<PurgeView>, ValidationProblem, ProblemHttpResult>> CancelPurge(string tenant, string? source,
        ClaimsPrincipal user, IGrainFactory grains)
    {
        if (source is not null && !PostIds.Sources.Contains(source))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = [$"must be one of {string.Join(", ", PostIds.Sources)}."] });
        if (!user.SeesTenant(tenant)) return NoPurge(tenant, source);
        if (await grains.GetGrain<IPurgeGrain>(PurgeIds.Key(tenant, source)).Cancel(Actor(user)) is not { } view) return NoPurge(tenant, source);
        // Stopping a stopped purge again is no error; one that finished had nothing left to stop.
        return view.Status != "done"
            ? TypedResults.Ok(view)
            : TypedResults.Problem($"The purge of tenant {tenant}{(source is null ? "" : $", source {source}")} is done: nothing to stop.",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict");
    }

    private static async Task<Results<Ok<PurgePreview>, ValidationProblem, ProblemHttpResult>> PreviewPurge(string tenant, string? source,
        ClaimsPrincipal user, IGrainFactory grains, DeletionQueries queries, CancellationToken cancellationToken)
    {
        if (source is not null && !PostIds.Sources.Contains(source))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = [$"must be one of {string.Join(", ", PostIds.Sources)}."] });
        if (!user.SeesTenant(tenant) || tenant == "*") return TypedResults.Problem($"No tenant {tenant} for this key.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        var posts = await queries.PostCountAsync(tenant, source, cancellationToken);
        return TypedResults.Ok(new PurgePreview(tenant, source, posts, await grains.GetGrain<IPurgeGrain>(PurgeIds.Key(tenant, source)).View()));
    }

    private static Ok<RetentionView> Retention(IOptions<DeletionOptions> options) =>
        TypedResults.Ok(new RetentionView(options.Value.GracePeriod,
            [.. PostIds.Sources.Select(s => new SourceRetention(s, options.Value.Retention.TryGetValue(s, out var keep) ? keep : null))]));

    private static ProblemHttpResult NoPurge(string tenant, string? source) =>
        TypedResults.Problem($"No purge of tenant {tenant}{(source is null ? "" : $", source {source}")}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<Results<Ok<IReadOnlyList<DeletionLine>>, ValidationProblem>> List(ClaimsPrincipal user, DeletionQueries queries,
        string? tenant, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (tenant is not null && !user.SeesTenant(tenant)) errors["tenant"] = ["is not a tenant this key can read."];
        if (limit is < 1 or > 500) errors["limit"] = ["must be between 1 and 500."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var scope = user.Tenant() is "*" ? tenant : user.Tenant();
        return TypedResults.Ok(await queries.ListAsync(scope, limit ?? 100, cancellationToken));
    }

    /// <summary>The audit's "who": the API key (or the signed-in session's key) by name.</summary>
    private static string Actor(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } name ? $"key:{name}" : "unknown";
}
