using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Silo.Gateway.Auth;
using Silo.Media.BlobStores;
using Silo.Media.Export;
using Silo.Media.Posts;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// Archive exports (<c>/api/media/exports</c>): a tenant's posts (of one source, created between two times, or all) taken out
/// as one tar file with their files and a <c>SHA256SUMS</c> manifest, written by a job whose progress is read here and on the
/// storage page. The tenant is the key's own (a key of tenant <c>*</c> names one); another tenant's export answers 404, as if
/// it did not exist.
/// </summary>
public static class ExportEndpoints
{
    public static RouteGroupBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/media/exports").WithTags("Media");
        var read = exports.Needing(Permissions.AnalyticsRead);
        var manage = exports.Needing(Permissions.Manager);
        manage.MapPost("/", Start).WithName("StartExport")
            .WithSummary("Export the tenant's archive (of one source, created from/to, or all) as one tar file with a SHA-256 manifest");
        read.MapGet("/", List).WithName("ListExports").WithSummary("The tenant's exports, newest first, with their progress");
        read.MapGet("/{id}", Get).WithName("GetExport").WithSummary("An export's progress: posts found and written, the archive's size");
        manage.MapGet("/{id}/archive", Archive).WithName("DownloadExport")
            .WithSummary("The finished archive, streamed as one tar file (409 until the export is done, 410 once it expired)")
            .Produces<Stream>(StatusCodes.Status200OK, "application/x-tar");
        manage.MapPost("/{id}/cancel", Cancel).WithName("CancelExport").WithSummary("Stop writing the export");
        manage.MapDelete("/{id}", Delete).WithName("DeleteExport")
            .WithSummary("Delete the export's archive from the store now (stopping it if it runs); it stays listed as expired");
        return exports;
    }

    private static async Task<Results<Accepted<ExportView>, ValidationProblem, ProblemHttpResult>> Start(string? tenant, string? source,
        DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, IGrainFactory grains, ExportQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (source is not null && !PostIds.Sources.Contains(source)) errors["source"] = [$"must be one of {string.Join(", ", PostIds.Sources)}, or left out for every source."];
        if (from is not null && to is not null && from >= to) errors["to"] = ["must come after from."];
        var scoped = tenant ?? (user.Tenant() is "*" ? null : user.Tenant());
        if (string.IsNullOrWhiteSpace(scoped)) errors["tenant"] = ["is required for a key of every tenant (*): name the tenant whose archive to export."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!user.SeesTenant(scoped!)) return NotFound($"No tenant {scoped} for this key.");
        var id = ExportIds.New();
        await grains.GetGrain<IExportGrain>(id).Start(new ExportRequest(scoped!, source, from, to), user.Identity?.Name ?? user.Tenant());
        return TypedResults.Accepted($"/api/media/exports/{id}", await queries.GetAsync(id, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<ExportView>>> List(string? tenant, ClaimsPrincipal user, ExportQueries queries, CancellationToken cancellationToken)
    {
        var scoped = user.Tenant() is "*" ? tenant : user.Tenant();
        return TypedResults.Ok(await queries.RecentAsync(scoped, 50, cancellationToken));
    }

    private static async Task<Results<Ok<ExportView>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, ExportQueries queries,
        CancellationToken cancellationToken) =>
        await FindAsync(id, user, queries, cancellationToken) is { } view ? TypedResults.Ok(view) : NotFound($"No export {id}.");

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Archive(string id, ClaimsPrincipal user, ExportQueries queries,
        IBlobStore store, HttpContext http, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, user, queries, cancellationToken) is not { } view) return NotFound($"No export {id}.");
        if (view.Status == ExportStatus.Expired)
            return TypedResults.Problem($"Export {id} expired at {view.ExpiredAt:O}: its archive was deleted from the store. Start a new export.",
                statusCode: StatusCodes.Status410Gone, title: "Gone");
        if (view.Status != ExportStatus.Done)
            return TypedResults.Problem($"Export {id} is {view.Status}: its archive can be downloaded once it is done.",
                statusCode: StatusCodes.Status409Conflict, title: "Not ready");
        // The stored parts back to back: every segment (tar entries without tar's end) and the end (the manifest and tar's end
        // blocks), one object at a time, so the archive never sits whole in the gateway's memory.
        return TypedResults.Stream(async body =>
        {
            http.Response.ContentLength = view.ArchiveBytes;
            for (var n = 1; n <= view.Segments; n++) await CopyAsync(store, ExportIds.SegmentKey(id, n), body, http.RequestAborted);
            await CopyAsync(store, ExportIds.EndKey(id), body, http.RequestAborted);
        }, "application/x-tar", $"silo-export-{view.Tenant}-{id}.tar");
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> Cancel(string id, ClaimsPrincipal user, IGrainFactory grains, ExportQueries queries,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(id, user, queries, cancellationToken) is null) return NotFound($"No export {id}.");
        return await grains.GetGrain<IExportGrain>(id).Cancel(user.Tenant())
            ? TypedResults.Accepted((string?)null)
            : TypedResults.Problem($"Export {id} is not running.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, ClaimsPrincipal user, IGrainFactory grains, ExportQueries queries,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(id, user, queries, cancellationToken) is null) return NotFound($"No export {id}.");
        return await grains.GetGrain<IExportGrain>(id).Delete(user.Tenant()) ? TypedResults.NoContent() : NotFound($"No export {id}.");
    }

    /// <summary>The export, when the id is one and the key sees its tenant; otherwise null, answered as 404.</summary>
    private static async Task<ExportView?> FindAsync(string id, ClaimsPrincipal user, ExportQueries queries, CancellationToken cancellationToken) =>
        ExportIds.IsValid(id) && await queries.GetAsync(id, cancellationToken) is { } view && user.SeesTenant(view.Tenant) ? view : null;

    private static async Task CopyAsync(IBlobStore store, string key, Stream body, CancellationToken cancellationToken)
    {
        await using var part = await store.OpenReadAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"The export's part {key} is missing from the store.");
        await part.CopyToAsync(body, cancellationToken);
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
