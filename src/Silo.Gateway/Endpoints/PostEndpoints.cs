using Silo.Gateway.Media;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Silo.Gateway.Auth;
using Silo.Gateway.Operations;
using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Gateway.Endpoints;

/// <summary>Posts and their archive: list, detail, manual ingest for sources without webhooks, retry.</summary>
public static class PostEndpoints
{
    public static RouteGroupBuilder MapPostApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/posts").WithTags("Posts");
        var read = group.Needing(Permissions.AnalyticsRead);
        var manage = group.Needing(Permissions.Manager);
        read.MapGet("/", List).WithName("ListPosts").WithSummary("Posts, newest first, filtered by tenant, status, source, date range, media kind and text in the message or a transcript");
        read.MapGet("/failures", Failures).WithName("ListPostFailures").WithSummary("Posts in error grouped by reason, largest group first");
        manage.MapPost("/failures/{reason}/retry", RetryReason).WithName("RetryPostFailures")
            .WithSummary("Archive again, with fresh attempts, the posts in error for one reason (at most 500 per call)");
        read.MapGet("/{id}", Get).WithName("GetPost").WithSummary("One post with its media and display image");
        manage.MapPost("/", Create).WithName("CreatePost").WithSummary("Ingest a post from a source without webhooks (Patreon, YouTube, manual)");
        manage.MapPost("/{id}/retry", Retry).WithName("RetryPost")
            .WithSummary("Archive a post in error again with fresh attempts, and its files the latest integrity scrub could not repair");
        manage.MapPost("/{id}/transcripts/retry", RetryTranscripts).WithName("RetryPostTranscripts")
            .WithSummary("Transcribe again, with fresh attempts, the post's files whose transcription failed");
        read.MapGet("/{id}/transcripts/{slot}/vtt", GetCaptions).WithName("GetPostTranscriptCaptions")
            .WithSummary("A file's finished transcript as WebVTT, for the post's page to play as captions (same origin, whatever the store)");
        return group;
    }

    private static async Task<Results<Ok<PostPage>, ValidationProblem>> List([AsParameters] PostListQuery query, ClaimsPrincipal user,
        MediaQueries queries, MediaLinks links, CancellationToken cancellationToken)
    {
        if (query.Errors(user) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var page = await queries.ListAsync(query.Filter(Scope(user, query.Tenant)), query.Page ?? 1, query.PageSize ?? 50, cancellationToken);
        return TypedResults.Ok(links.Sign(page));
    }

    private static async Task<Results<Ok<IReadOnlyList<FailureGroup>>, ValidationProblem>> Failures(ClaimsPrincipal user, MediaQueries queries,
        string? tenant, CancellationToken cancellationToken)
    {
        if (tenant is not null && !user.SeesTenant(tenant))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tenant"] = ["is not a tenant this key can read."] });
        return TypedResults.Ok(await queries.FailuresAsync(Scope(user, tenant), cancellationToken));
    }

    public sealed record BulkRetryAccepted(string Reason, IReadOnlyList<string> PostIds);

    private static async Task<Results<Accepted<BulkRetryAccepted>, ValidationProblem>> RetryReason(string reason, ClaimsPrincipal user,
        MediaQueries queries, IGrainFactory grains, string? tenant, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!FailureReasons.Labels.ContainsKey(reason)) errors["reason"] = [$"must be one of {string.Join(", ", FailureReasons.Labels.Keys)}."];
        if (tenant is not null && !user.SeesTenant(tenant)) errors["tenant"] = ["is not a tenant this key can write."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var ids = await queries.FailedPostIdsAsync(Scope(user, tenant), reason, 500, cancellationToken);
        // Answered once every post has stored its fresh attempts; a post that left error meanwhile declines, harmlessly.
        // Each post's grain checks the owner again: the query's scope is not the only guard.
        var retried = await Task.WhenAll(ids.Select(async id => (id, await grains.GetGrain<IPostGrain>(id).RetryArchive(user.Tenant()))));
        return TypedResults.Accepted((string?)null, new BulkRetryAccepted(reason, [.. retried.Where(r => r.Item2).Select(r => r.id)]));
    }

    /// <summary>The tenant a query is limited to: the key's own, or the one asked for by a key that sees every tenant.</summary>
    private static string? Scope(ClaimsPrincipal user, string? tenant) => user.Tenant() is "*" ? tenant : user.Tenant();

    private static async Task<Results<Ok<PostDetail>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, PostOperations posts,
        CancellationToken cancellationToken) =>
        await posts.FindAsync(id, user, cancellationToken) is { Succeeded: true } found ? TypedResults.Ok(found.Value) : NotFoundPost(id);

    private static async Task<Results<Accepted<PostAccepted>, ValidationProblem, ProblemHttpResult>> Create(PostOperations.IngestRequest request,
        ClaimsPrincipal user, PostOperations posts)
    {
        var ingested = await posts.IngestAsync(request, user);
        if (ingested.Failure == OperationFailure.NotFound) return NotFoundPost($"{request.Source}:{request.PostId}");
        if (!ingested.Succeeded) return TypedResults.ValidationProblem(ingested.Errors!);
        return TypedResults.Accepted($"/api/posts/{Uri.EscapeDataString(ingested.Value!)}", new PostAccepted(ingested.Value!));
    }

    public sealed record PostAccepted(string PostId);

    private static async Task<Results<Accepted, ProblemHttpResult>> Retry(string id, ClaimsPrincipal user, PostOperations posts,
        IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (await posts.FindAsync(id, user, cancellationToken) is not { Succeeded: true } found) return NotFoundPost(id);
        // Answered once the fresh attempts are stored; the archive itself runs after. A post in error retries its failed
        // items; the items whose files the latest scrub could not repair are archived again, whatever the post's status.
        var grain = grains.GetGrain<IPostGrain>(id);
        await grain.RetryArchive(user.Tenant());
        if (found.Value!.Damaged is { Count: > 0 } damaged) await grain.ArchiveAgain(user.Tenant(), [.. damaged.Select(d => d.Slot).Distinct()]);
        return TypedResults.Accepted((string?)null);
    }

    public sealed record TranscriptRetryAccepted(IReadOnlyList<string> Slots);

    private static async Task<Results<Accepted<TranscriptRetryAccepted>, ProblemHttpResult>> RetryTranscripts(string id, ClaimsPrincipal user,
        PostOperations posts, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!(await posts.FindAsync(id, user, cancellationToken)).Succeeded) return NotFoundPost(id);
        // Answered once each file has stored its fresh attempts; the calls to the API come after. The post's grain checks the owner.
        return await grains.GetGrain<IPostGrain>(id).RetryTranscripts(user.Tenant()) is { } slots
            ? TypedResults.Accepted((string?)null, new TranscriptRetryAccepted(slots))
            : NotFoundPost(id);
    }

    /// <summary>
    /// The stored WebVTT, read from the store and served from this origin: a <c>&lt;track&gt;</c> loads only from its page's
    /// origin unless the store answers CORS, which a bucket's public URL or a signed Azure redirect does not. The post's tenant
    /// decides who reads it, as for the post itself: a signed-in viewer of that tenant (or of every tenant), nobody else.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetCaptions(string id, string slot, ClaimsPrincipal user,
        MediaQueries queries, IBlobStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var captions = await queries.CaptionsAsync(id, slot, cancellationToken);
        if (captions is null || !user.SeesTenant(captions.Tenant)) return NoCaptions(id, slot);
        var vtt = await store.OpenReadAsync(captions.VttKey, cancellationToken);
        if (vtt is null) return NoCaptions(id, slot);
        response.Headers.CacheControl = "private, max-age=3600";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        return TypedResults.Stream(vtt, "text/vtt; charset=utf-8");
    }

    private static ProblemHttpResult NoCaptions(string id, string slot) =>
        TypedResults.Problem($"No finished transcript for slot {slot} of post {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult NotFoundPost(string id) =>
        TypedResults.Problem($"No post {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
