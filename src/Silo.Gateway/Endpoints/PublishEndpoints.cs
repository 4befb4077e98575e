using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Silo.Gateway.Auth;
using Silo.Gateway.Operations;
using Silo.Publishing.Batches;

namespace Silo.Gateway.Endpoints;

/// <summary>Seed 001's routes: publish a batch of Story clips through Metricool, watch it, steer it.</summary>
public static class PublishEndpoints
{
    public static RouteGroupBuilder MapPublishApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/metricool").WithTags("Publishing");
        var read = group.Needing(Permissions.AnalyticsRead);
        var manage = group.Needing(Permissions.Manager);
        manage.MapPost("/publish/stories", PublishStories).WithName("PublishStories")
            .WithSummary("Store a batch of Story clips (answered once stored) and publish them in order in the background")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        read.MapGet("/status", GetStatus).WithName("GetPublishStatus").WithSummary("A batch with every clip, from the database");
        read.MapGet("/stream", Stream).WithName("StreamPublishEvents")
            .WithSummary("Server-Sent Events: every change of the batch and its clips, in order; honours Last-Event-ID")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .AcceptQueryAccessToken();
        read.MapGet("/batch/user-active", GetUserActive).WithName("GetUserActiveBatches")
            .WithSummary("A user's batches still processing or paused");
        // The key's own tenant's batches (every tenant's for a key that sees all), as the status route already shows each one.
        read.MapGet("/batches", ListBatches).WithName("ListPublishBatches")
            .WithSummary("Every batch, newest first, paged; filtered by status, user, account and mode");
        manage.MapPost("/batches/{id}/pause", Pause).WithName("PausePublishBatch").WithSummary("Pause after the step in progress");
        manage.MapPost("/batches/{id}/resume", Resume).WithName("ResumePublishBatch")
            .WithSummary("Resume; for an unconfirmed clip, action=retry looks it up again (creating it only if absent) or action=skip");
        manage.MapPost("/batches/{id}/cancel", Cancel).WithName("CancelPublishBatch").WithSummary("Cancel: nothing more is published");
        return group;
    }

    public sealed record BatchAccepted(string BatchId, string Status, string StatusUrl, string StreamUrl);

    private static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> PublishStories(PublishStoriesRequest? request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, BatchOperations operations, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var published = await operations.PublishAsync(request, idempotencyKey, user, cancellationToken);
        if (published.Failure == OperationFailure.Invalid) return TypedResults.ValidationProblem(published.Errors!);
        if (published.Failure == OperationFailure.NotFound)
            return TypedResults.Problem(published.Detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        if (published.Failure == OperationFailure.AlreadyExists)
            return TypedResults.Problem(published.Detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused");
        if (published.Failure == OperationFailure.Conflict)
            return TypedResults.Problem(published.Detail, statusCode: StatusCodes.Status409Conflict, title: "Daily post limit of the account reached");
        var batchId = published.Value!.BatchId;
        var status = $"/api/metricool/status?batchId={batchId}";
        return TypedResults.Accepted(status, new BatchAccepted(batchId, published.Value.Status, status, $"/api/metricool/stream?batchId={batchId}"));
    }

    private static async Task<Results<Ok<BatchView>, ProblemHttpResult>> GetStatus(string? batchId, BatchOperations operations, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(batchId)) return MissingBatchId();
        return await operations.FindAsync(batchId, user, cancellationToken) is { Succeeded: true } found ? TypedResults.Ok(found.Value) : UnknownBatch(batchId);
    }

    private static async Task<IResult> Stream(string? batchId, HttpContext context, BatchOperations operations, PublishEventFeed feed,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(batchId)) return MissingBatchId();
        if (!(await operations.FindAsync(batchId, user, cancellationToken)).Succeeded) return UnknownBatch(batchId);
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length == 0) lastEventId = context.Request.Query["lastEventId"].ToString();
        long after = 0;
        if (lastEventId.Length > 0 && (!long.TryParse(lastEventId, out after) || after < 0))
            return TypedResults.Problem("Last-Event-ID must be an event id received from this stream.", statusCode: StatusCodes.Status400BadRequest);

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
        try
        {
            await foreach (var (seq, type, json) in feed.ReadAsync(batchId, after, cancellationToken))
            {
                await response.WriteAsync(type == PublishEventFeed.KeepAliveType ? ": keep-alive\n\n" : $"id: {seq}\nevent: {type}\ndata: {json}\n\n",
                    cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; it reconnects with Last-Event-ID when it wants the rest.
        }
        return TypedResults.Empty;
    }

    private static async Task<Ok<IReadOnlyList<BatchView>>> GetUserActive([FromQuery] string userId, PublishBatches batches, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await batches.ActiveForUserAsync(TenantFilter(user), userId, cancellationToken));

    private static async Task<Results<Ok<BatchPage>, ValidationProblem>> ListBatches([AsParameters] BatchListQuery query, PublishBatches batches,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (query.Errors() is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await batches.ListAsync(TenantFilter(user), query.Status, NullIfBlank(query.UserId), NullIfBlank(query.AccountId),
            query.Mode, query.Page ?? 1, query.PageSize ?? 50, cancellationToken));
    }

    private static Task<Results<Accepted, ProblemHttpResult>> Pause(string id, BatchOperations operations, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        Command(id, BatchOperations.Command.Pause, null, operations, user, cancellationToken);

    private static Task<Results<Accepted, ProblemHttpResult>> Resume(string id, string? action, BatchOperations operations, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        Command(id, BatchOperations.Command.Resume, action, operations, user, cancellationToken);

    private static Task<Results<Accepted, ProblemHttpResult>> Cancel(string id, BatchOperations operations, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        Command(id, BatchOperations.Command.Cancel, null, operations, user, cancellationToken);

    /// <summary>Answers once the batch's grain has stored the change (see <see cref="BatchOperations.RunAsync"/>).</summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> Command(string id, BatchOperations.Command command, string? action,
        BatchOperations operations, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await operations.RunAsync(id, command, action, user, cancellationToken);
        return outcome.Failure switch
        {
            OperationFailure.None => TypedResults.Accepted($"/api/metricool/status?batchId={id}"),
            OperationFailure.Invalid => TypedResults.Problem("action must be retry or skip.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid action"),
            OperationFailure.NotFound => UnknownBatch(id),
            _ => TypedResults.Problem(outcome.Detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? TenantFilter(ClaimsPrincipal user) => user.Tenant() is "*" ? null : user.Tenant();

    private static ProblemHttpResult MissingBatchId() =>
        TypedResults.Problem("The batchId query parameter is required.", statusCode: StatusCodes.Status400BadRequest, title: "Missing batchId");

    private static ProblemHttpResult UnknownBatch(string batchId) =>
        TypedResults.Problem($"No batch {batchId}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
