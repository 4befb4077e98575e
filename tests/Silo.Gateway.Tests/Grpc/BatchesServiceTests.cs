using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Silo.Gateway.Grpc.V1;

namespace Silo.Gateway.Tests.Grpc;

/// <summary><c>silo.v1.Batches</c> end to end over h2c against a real node and Metricool's simulator.</summary>
public sealed class BatchesServiceTests(GrpcWorld world) : IClassFixture<GrpcWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private Batches.BatchesClient Client => new(world.Channel);

    private static PublishStoriesRequest Stories(string prefix, int clips, string? key = null)
    {
        var request = new PublishStoriesRequest { AccountId = "4242", UserId = "user-1", Mode = "now", IdempotencyKey = key ?? "" };
        request.Clips.AddRange(Enumerable.Range(0, clips).Select(i => new Clip { Url = $"https://cdn.test/{prefix}-{i}.mp4", Title = $"Part {i + 1}" }));
        return request;
    }

    [Fact]
    public async Task PublishStories_SameIdempotencyKey_SameBatchOnGrpcAndHttp()
    {
        var first = await Client.PublishStoriesAsync(Stories("idem", 1, "order-77"), GrpcCalls.With(world.AcmeManager, Ct));
        var again = await Client.PublishStoriesAsync(Stories("idem", 1, "order-77"), GrpcCalls.With(world.AcmeManager, Ct));
        using var http = world.Node.ClientWithKey(world.AcmeManager);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/metricool/publish/stories")
        {
            Content = JsonContent.Create(new { accountId = "4242", userId = "user-1", mode = "now", clips = new[] { new { url = "https://cdn.test/idem-0.mp4", title = "Part 1" } } }),
        };
        request.Headers.Add("Idempotency-Key", "order-77");
        var overHttp = await http.SendAsync(request, Ct);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.BatchId, again.BatchId);
        Assert.Equal(HttpStatusCode.Accepted, overHttp.StatusCode);
        Assert.Equal(first.BatchId, (await overHttp.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("batchId").GetString());
        Assert.Equal(1L, await world.Database.ScalarAsync<long>("select count(*) from publish_batches where idempotency_key = 'order-77'"));
    }

    [Fact]
    public async Task PublishStories_RepeatOfACompletedBatch_AnswersCompletedOnGrpcAndHttp()
    {
        var first = await Client.PublishStoriesAsync(Stories("repeat-done", 1, "order-79"), GrpcCalls.With(world.AcmeManager, Ct));
        await Silo.Testing.Eventually.UntilAsync(async () =>
            (await Client.GetBatchAsync(new GetBatchRequest { BatchId = first.BatchId }, GrpcCalls.With(world.AcmeReader, Ct))).Status == "completed",
            "the batch completed");

        var again = await Client.PublishStoriesAsync(Stories("repeat-done", 1, "order-79"), GrpcCalls.With(world.AcmeManager, Ct));
        using var http = world.Node.ClientWithKey(world.AcmeManager);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/metricool/publish/stories")
        {
            Content = JsonContent.Create(new { accountId = "4242", userId = "user-1", mode = "now", clips = new[] { new { url = "https://cdn.test/repeat-done-0.mp4", title = "Part 1" } } }),
        };
        request.Headers.Add("Idempotency-Key", "order-79");
        var overHttp = await http.SendAsync(request, Ct);

        Assert.Equal("processing", first.Status);
        Assert.Equal(first.BatchId, again.BatchId);
        Assert.False(again.Created);
        Assert.Equal("completed", again.Status);
        Assert.Equal(HttpStatusCode.Accepted, overHttp.StatusCode);
        Assert.Equal("completed", (await overHttp.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task PublishStories_ScheduledForTimeAsATimestamp_StoredAsGiven()
    {
        var at = new DateTimeOffset(2040, 3, 1, 17, 30, 0, TimeSpan.Zero);
        var request = Stories("scheduled-ts", 1);
        request.Mode = "scheduled";
        request.ScheduledForTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at);

        var published = await Client.PublishStoriesAsync(request, GrpcCalls.With(world.AcmeManager, Ct));
        var batch = await Client.GetBatchAsync(new GetBatchRequest { BatchId = published.BatchId }, GrpcCalls.With(world.AcmeReader, Ct));

        Assert.Equal(at, batch.ScheduledFor.ToDateTimeOffset());
    }

    [Fact]
    public async Task PublishStories_ScheduledForAsTextAndTimestamp_InvalidArgumentNamingTheTimestamp()
    {
        var request = Stories("scheduled-both", 1);
        request.Mode = "scheduled";
        request.ScheduledFor = "2040-03-01T17:30:00+00:00";
        request.ScheduledForTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2040, 3, 1, 17, 30, 0, TimeSpan.Zero));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.PublishStoriesAsync(request, GrpcCalls.With(world.AcmeManager, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["scheduled_for_time"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task PublishStories_KeyReusedForAnotherRequest_AlreadyExistsAndNothingStored()
    {
        await Client.PublishStoriesAsync(Stories("reuse-a", 1, "order-78"), GrpcCalls.With(world.AcmeManager, Ct));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.PublishStoriesAsync(Stories("reuse-b", 2, "order-78"), GrpcCalls.With(world.AcmeManager, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal(0L, await world.Database.ScalarAsync<long>("select count(*) from publish_batch_clips where clip_url like 'https://cdn.test/reuse-b-%'"));
    }

    [Fact]
    public async Task PublishStories_BadFields_InvalidArgumentNamingProtoFields()
    {
        var request = Stories("bad", 1, new string('k', 201));
        request.AccountId = "blog";
        request.Clips[0].Url = "not a url";

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.PublishStoriesAsync(request, GrpcCalls.With(world.AcmeManager, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["account_id", "clips[0].url", "idempotency_key"],
            error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WatchBatch_ToCompletedThenResumedFromAnEventId_EveryTransitionOnceInOrder()
    {
        world.Metricool.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        var batchId = (await Client.PublishStoriesAsync(Stories("watch", 2), GrpcCalls.With(world.AcmeManager, Ct))).BatchId;

        var before = new List<BatchEvent>();
        using (var watch = Client.WatchBatch(new WatchBatchRequest { BatchId = batchId }, GrpcCalls.With(world.AcmeReader, Ct)))
            while (await watch.ResponseStream.MoveNext(Ct))
            {
                before.Add(watch.ResponseStream.Current);
                if (watch.ResponseStream.Current is { Type: "clip", Status: "waiting_confirmation" }) break;
            }
        // While nobody watches, the batch completes.
        world.Metricool.SetFaults(f => f.ConfirmationDelay = TimeSpan.Zero);
        await Silo.Testing.Eventually.UntilAsync(async () =>
            (await Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId }, GrpcCalls.With(world.AcmeReader, Ct))).Status == "completed",
            "the batch completed");
        var after = await ReadAllAsync(batchId, before[^1].EventId);
        var nothing = await ReadAllAsync(batchId, after[^1].EventId);

        var all = before.Concat(after).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.EventId));
        Assert.Equal(
        [
            "batch:processing", "clip0:uploading", "clip0:waiting_confirmation", "clip0:published", "batch:processing",
            "clip1:uploading", "clip1:waiting_confirmation", "clip1:published", "batch:completed",
        ], all.Select(e => e.Type == "batch" ? $"batch:{e.Status}" : $"clip{e.ClipIndex}:{e.Status}"));
        Assert.Equal(await world.Database.ScalarAsync<long>("select count(*) from publish_batch_events where batch_id = @b", ("b", batchId)), all.Count);
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task PauseResumeCancel_ProcessingBatch_EachAppliedOnceThenFailedPrecondition()
    {
        world.Metricool.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        try
        {
            var batchId = (await Client.PublishStoriesAsync(Stories("steer", 2), GrpcCalls.With(world.AcmeManager, Ct))).BatchId;
            var manager = GrpcCalls.With(world.AcmeManager, Ct);
            await Silo.Testing.Eventually.UntilAsync(async () =>
                (await Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId }, manager)).Clips[0].Status == "waiting_confirmation",
                "the first clip waits for Metricool's confirmation");

            var paused = await Client.PauseBatchAsync(new BatchCommandRequest { BatchId = batchId }, manager);
            var pausedAgain = await Assert.ThrowsAsync<RpcException>(() => Client.PauseBatchAsync(new BatchCommandRequest { BatchId = batchId }, manager).ResponseAsync);
            var badAction = await Assert.ThrowsAsync<RpcException>(() =>
                Client.ResumeBatchAsync(new ResumeBatchRequest { BatchId = batchId, Action = "later" }, manager).ResponseAsync);
            var resumed = await Client.ResumeBatchAsync(new ResumeBatchRequest { BatchId = batchId }, manager);
            var cancelled = await Client.CancelBatchAsync(new BatchCommandRequest { BatchId = batchId }, manager);
            var cancelledAgain = await Assert.ThrowsAsync<RpcException>(() => Client.CancelBatchAsync(new BatchCommandRequest { BatchId = batchId }, manager).ResponseAsync);
            var batch = await Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId }, manager);

            Assert.Equal(("paused", "processing", "cancelled"), (paused.Status, resumed.Status, cancelled.Status));
            Assert.Equal((StatusCode.FailedPrecondition, StatusCode.InvalidArgument, StatusCode.FailedPrecondition),
                (pausedAgain.StatusCode, badAction.StatusCode, cancelledAgain.StatusCode));
            Assert.Equal("action", Assert.Single(badAction.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
            Assert.Equal(("cancelled", 2), (batch.Status, batch.Clips.Count));
        }
        finally
        {
            world.Metricool.SetFaults(f => f.ConfirmationDelay = TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task GetBatchAndCommands_AnotherTenantsBatch_NotFoundAndUnchanged()
    {
        var batchId = (await Client.PublishStoriesAsync(Stories("foreign", 1), GrpcCalls.With(world.AcmeManager, Ct))).BatchId;
        var globex = GrpcCalls.With(world.GlobexManager, Ct);

        var get = await Assert.ThrowsAsync<RpcException>(() => Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId }, globex).ResponseAsync);
        var cancel = await Assert.ThrowsAsync<RpcException>(() => Client.CancelBatchAsync(new BatchCommandRequest { BatchId = batchId }, globex).ResponseAsync);
        var watch = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = Client.WatchBatch(new WatchBatchRequest { BatchId = batchId }, globex);
            await call.ResponseStream.MoveNext(Ct);
        });

        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound, StatusCode.NotFound), (get.StatusCode, cancel.StatusCode, watch.StatusCode));
        Assert.NotEqual("cancelled", await world.Database.ScalarAsync<string>("select status from publish_batches where batch_id = @b", ("b", batchId)));
    }

    private async Task<List<BatchEvent>> ReadAllAsync(string batchId, long afterEventId)
    {
        using var watch = Client.WatchBatch(new WatchBatchRequest { BatchId = batchId, AfterEventId = afterEventId }, GrpcCalls.With(world.AcmeReader, Ct));
        var events = new List<BatchEvent>();
        while (await watch.ResponseStream.MoveNext(Ct)) events.Add(watch.ResponseStream.Current);
        return events;
    }
}
