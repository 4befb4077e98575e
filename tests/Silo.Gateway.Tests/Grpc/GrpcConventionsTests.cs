using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Silo.Gateway.Grpc.V1;

namespace Silo.Gateway.Tests.Grpc;

/// <summary>The gRPC surface follows gRPC's conventions where a client not written here relies on them.</summary>
public sealed class GrpcConventionsTests(GrpcWorld world) : IClassFixture<GrpcWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A method sending raw bytes, as a client with another idea of the message would.</summary>
    private static Method<byte[], byte[]> Raw(string service, string name) =>
        new(MethodType.Unary, service, name, Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

    [Fact]
    public async Task UnparsableRequest_InternalWithoutAnErrorLog()
    {
        // Field 1 as a length-delimited string claiming 100 bytes, followed by 2: truncated.
        byte[] garbage = [0x0A, 0x64, 0x41, 0x42];

        var error = await Assert.ThrowsAsync<RpcException>(() => world.Channel.CreateCallInvoker()
            .AsyncUnaryCall(Raw("silo.v1.Batches", "GetBatch"), null, GrpcCalls.With(world.AcmeReader, Ct), garbage).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("silo.v1.Batches/GetBatch", error.Status.Detail);
        Assert.DoesNotContain(world.Errors.Entries, e => e.Category.StartsWith("Grpc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnparsableRequest_WithoutAKey_StillUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => world.Channel.CreateCallInvoker()
            .AsyncUnaryCall(Raw("silo.v1.Batches", "GetBatch"), null, GrpcCalls.With(null, Ct), [0x0A, 0x64]).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task BadRequest_DescriptionsNameProtoFields()
    {
        var request = new PublishStoriesRequest { AccountId = "4242", UserId = "user-1", Mode = "scheduled", ScheduledFor = "next tuesday" };
        request.Clips.Add(new Clip { Url = "https://cdn.test/conventions.mp4", Title = "c" });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Batches.BatchesClient(world.Channel).PublishStoriesAsync(request, GrpcCalls.With(world.AcmeManager, Ct)).ResponseAsync);

        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("scheduled_for", violation.Field);
        Assert.StartsWith("scheduled_for must be", violation.Description);
        Assert.DoesNotContain("scheduledFor", error.Status.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("silo.v1.Posts")]
    [InlineData("silo.v1.Batches")]
    [InlineData("silo.v1.Insights")]
    public async Task Health_EachServiceByName_Serving(string service)
    {
        var health = await new Health.HealthClient(world.Channel).CheckAsync(new HealthCheckRequest { Service = service }, GrpcCalls.With(null, Ct));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Health_UnknownService_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Health.HealthClient(world.Channel).CheckAsync(new HealthCheckRequest { Service = "silo.v1.Nothing" }, GrpcCalls.With(null, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
