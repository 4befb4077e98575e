using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Silo.Gateway.Auth;
using Silo.Gateway.Grpc.V1;
using Silo.Gateway.Operations;
using Silo.Publishing.Batches;

namespace Silo.Gateway.Grpc;

/// <summary><c>silo.v1.Batches</c>: the same operations, permissions and tenant scoping as <c>/api/metricool</c>; WatchBatch reads the SSE stream's feed.</summary>
public sealed class BatchesService(BatchOperations batches, PublishEventFeed feed) : Batches.BatchesBase
{
    [Authorize(Permissions.Manager)]
    public override async Task<PublishStoriesResponse> PublishStories(V1.PublishStoriesRequest request, ServerCallContext context)
    {
        if (request.ScheduledForTime is not null && request.ScheduledFor.Length > 0)
            throw GrpcErrors.InvalidArgument("scheduled_for_time", "give scheduled_for_time or scheduled_for, not both.");
        // The validator reads HTTP's ISO 8601 text; a Timestamp becomes that text in UTC.
        var scheduledFor = request.ScheduledForTime is { } time
            ? time.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture)
            : ProtoValues.Given(request.ScheduledFor);
        // The validator reads accountId and userId as JSON (HTTP takes strings or numbers); here they are strings.
        var asked = new Publishing.Batches.PublishStoriesRequest(Json(request.AccountId), Json(request.UserId), ProtoValues.Given(request.Mode),
            scheduledFor, request.Clips.Select(c => (ClipRequest?)new ClipRequest(c.Url, c.Title)).ToList(), request.StopOnFailure);
        var published = await batches.PublishAsync(asked, ProtoValues.Given(request.IdempotencyKey), context.GetHttpContext().User, context.CancellationToken);
        if (!published.Succeeded) throw GrpcErrors.From(published);
        return new PublishStoriesResponse { BatchId = published.Value!.BatchId, Status = published.Value.Status, Created = published.Value.Created };
    }

    [Authorize(Permissions.AnalyticsRead)]
    public override async Task<Batch> GetBatch(GetBatchRequest request, ServerCallContext context)
    {
        var found = await batches.FindAsync(GrpcErrors.Required(request.BatchId, "batch_id"), context.GetHttpContext().User, context.CancellationToken);
        return found.Succeeded ? BatchMessages.From(found.Value!) : throw GrpcErrors.From(found);
    }

    /// <summary>
    /// The SSE stream's events as messages: those after <c>after_event_id</c>, then each as it is
    /// committed, ending after the event that ends the batch. Its keep-alives are not sent.
    /// </summary>
    [Authorize(Permissions.AnalyticsRead)]
    public override async Task WatchBatch(WatchBatchRequest request, IServerStreamWriter<BatchEvent> responseStream, ServerCallContext context)
    {
        var batchId = GrpcErrors.Required(request.BatchId, "batch_id");
        if (request.AfterEventId < 0) throw GrpcErrors.InvalidArgument("after_event_id", "must be an event id received from this stream, or 0.");
        var found = await batches.FindAsync(batchId, context.GetHttpContext().User, context.CancellationToken);
        if (!found.Succeeded) throw GrpcErrors.From(found);
        try
        {
            await foreach (var (seq, type, json) in feed.ReadAsync(batchId, request.AfterEventId, context.CancellationToken))
                if (type != PublishEventFeed.KeepAliveType)
                    await responseStream.WriteAsync(BatchMessages.From(seq, PublishEventFeed.Parse(json)), context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away; it calls again with the last event id when it wants the rest.
        }
    }

    [Authorize(Permissions.Manager)]
    public override Task<BatchCommandResponse> PauseBatch(BatchCommandRequest request, ServerCallContext context) =>
        RunAsync(request.BatchId, BatchOperations.Command.Pause, null, context);

    [Authorize(Permissions.Manager)]
    public override Task<BatchCommandResponse> ResumeBatch(ResumeBatchRequest request, ServerCallContext context) =>
        RunAsync(request.BatchId, BatchOperations.Command.Resume, ProtoValues.Given(request.Action), context);

    [Authorize(Permissions.Manager)]
    public override Task<BatchCommandResponse> CancelBatch(BatchCommandRequest request, ServerCallContext context) =>
        RunAsync(request.BatchId, BatchOperations.Command.Cancel, null, context);

    private async Task<BatchCommandResponse> RunAsync(string batchId, BatchOperations.Command command, string? action, ServerCallContext context)
    {
        var outcome = await batches.RunAsync(GrpcErrors.Required(batchId, "batch_id"), command, action, context.GetHttpContext().User, context.CancellationToken);
        return outcome.Succeeded ? new BatchCommandResponse { BatchId = batchId, Status = outcome.Value!.Status ?? "" } : throw GrpcErrors.From(outcome);
    }

    private static JsonElement? Json(string value) => value.Length == 0 ? null : JsonSerializer.SerializeToElement(value);
}
