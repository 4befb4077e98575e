using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Grpc.V1;
using V1 = Silo.Gateway.Grpc.V1;
using Silo.Gateway.Tests.Grpc;
using Reflection = Grpc.Reflection.V1Alpha;
using ReflectionV1 = Grpc.Reflection.V1;

namespace Silo.Gateway.Tests.Access;

/// <summary>
/// Every gRPC method the node serves (from the gRPC endpoints' method descriptors, and every method of
/// the silo.v1 service descriptors), called by the same six callers as <see cref="AccessMatrixTests"/>;
/// the expected status comes from <see cref="Table"/>, the one place naming each method's permission.
/// </summary>
public sealed class GrpcAccessMatrixTests
{
    internal enum Need { Public, AnalyticsRead, Manager, Admin }

    /// <summary>
    /// A method, the permission it needs, a concrete call (ids of tenant acme's data; invalid where a
    /// valid call would change more than it must), and whether it names one tenant's item (then another
    /// tenant's key gets NOT_FOUND).
    /// </summary>
    internal sealed record Method(string Name, Need Need, Func<GrpcChannel, TenantWorld.Tenant, CallOptions, Task> Call, bool OwnedItem = false);

    internal static readonly Method[] Table =
    [
        new("silo.v1.Posts/IngestPost", Need.Manager, (c, _, o) => new Posts.PostsClient(c).IngestPostAsync(new IngestPostRequest(), o).ResponseAsync),
        new("silo.v1.Posts/GetPost", Need.AnalyticsRead, (c, t, o) => new Posts.PostsClient(c).GetPostAsync(new GetPostRequest { PostId = t.PostId }, o).ResponseAsync, OwnedItem: true),
        new("silo.v1.Batches/PublishStories", Need.Manager, (c, _, o) => new Batches.BatchesClient(c).PublishStoriesAsync(new PublishStoriesRequest(), o).ResponseAsync),
        new("silo.v1.Batches/GetBatch", Need.AnalyticsRead, (c, t, o) => new Batches.BatchesClient(c).GetBatchAsync(new GetBatchRequest { BatchId = t.BatchId }, o).ResponseAsync, OwnedItem: true),
        new("silo.v1.Batches/WatchBatch", Need.AnalyticsRead, (c, t, o) => FirstAsync(new Batches.BatchesClient(c).WatchBatch(new WatchBatchRequest { BatchId = t.BatchId }, o)), OwnedItem: true),
        new("silo.v1.Batches/PauseBatch", Need.Manager, (c, t, o) => new Batches.BatchesClient(c).PauseBatchAsync(new BatchCommandRequest { BatchId = t.BatchId }, o).ResponseAsync, OwnedItem: true),
        new("silo.v1.Batches/ResumeBatch", Need.Manager, (c, t, o) => new Batches.BatchesClient(c).ResumeBatchAsync(new ResumeBatchRequest { BatchId = t.BatchId }, o).ResponseAsync, OwnedItem: true),
        new("silo.v1.Batches/CancelBatch", Need.Manager, (c, t, o) => new Batches.BatchesClient(c).CancelBatchAsync(new BatchCommandRequest { BatchId = t.BatchId }, o).ResponseAsync, OwnedItem: true),
        new("silo.v1.Insights/GetOverview", Need.AnalyticsRead, (c, _, o) => new V1.Insights.InsightsClient(c).GetOverviewAsync(new GetOverviewRequest(), o).ResponseAsync),
        new("silo.v1.Insights/GetEntityInsights", Need.AnalyticsRead,
            (c, t, o) => new V1.Insights.InsightsClient(c).GetEntityInsightsAsync(new GetEntityInsightsRequest { EntityId = t.CampaignId }, o).ResponseAsync, OwnedItem: true),
        // days_back -1: refused after authorization, so no sync runs.
        new("silo.v1.Insights/SyncNow", Need.Manager, (c, _, o) => new V1.Insights.InsightsClient(c).SyncNowAsync(new SyncNowRequest { DaysBack = -1 }, o).ResponseAsync),
        new("grpc.health.v1.Health/Check", Need.Public, (c, _, o) => new Health.HealthClient(c).CheckAsync(new HealthCheckRequest(), o).ResponseAsync),
        new("grpc.health.v1.Health/Watch", Need.Public, (c, _, o) => FirstAsync(new Health.HealthClient(c).Watch(new HealthCheckRequest(), o))),
        new("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", Need.Public,
            (c, _, o) => ListServicesAsync(new Reflection.ServerReflection.ServerReflectionClient(c).ServerReflectionInfo(o),
                new Reflection.ServerReflectionRequest { ListServices = "" })),
        new("grpc.reflection.v1.ServerReflection/ServerReflectionInfo", Need.Public,
            (c, _, o) => ListServicesAsync(new ReflectionV1.ServerReflection.ServerReflectionClient(c).ServerReflectionInfo(o),
                new ReflectionV1.ServerReflectionRequest { ListServices = "" })),
    ];

    [Fact]
    public async Task EveryGrpcMethod_EachCaller_AnswersAsTheTableSays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await TenantWorld.StartAsync(GrpcCalls.H2c(out var h2c));
        var (acme, globex) = (world.Tenants["acme"], world.Tenants["globex"]);
        var served = world.Node.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
            .OfType<IMethod>().Select(m => m.FullName.TrimStart('/')).Distinct().Order(StringComparer.Ordinal).ToList();
        var described = new[] { PostsReflection.Descriptor, BatchesReflection.Descriptor, InsightsReflection.Descriptor }
            .SelectMany(f => f.Services).SelectMany(s => s.Methods).Select(m => $"{m.Service.FullName}/{m.Name}").ToList();
        var table = Table.ToDictionary(m => m.Name);

        Assert.True(described.Except(served).ToList() is [], $"silo.v1 methods not served: {string.Join("; ", described.Except(served))}");
        var missing = served.Where(m => !table.ContainsKey(m)).ToList();
        Assert.True(missing.Count == 0, $"gRPC methods missing from the access table: {string.Join("; ", missing)}");
        var stale = Table.Select(m => m.Name).Except(served).ToList();
        Assert.True(stale.Count == 0, $"Table rows naming no served method: {string.Join("; ", stale)}");

        using var channel = GrpcCalls.Channel(h2c);
        var failures = new List<string>();
        foreach (var method in Table)
        {
            var anonymous = await StatusAsync(method, channel, acme, null, ct);
            var callers = new (string Name, string? Key, Need? Has, bool SameTenant)[]
            {
                ("no key", null, null, true),
                ("revoked key", acme.Revoked, null, true),
                ("another tenant's admin", globex.Admin, Need.Admin, false),
                ("analytics:read", acme.Reader, Need.AnalyticsRead, true),
                ("manager", acme.Manager, Need.Manager, true),
                ("admin", acme.Admin, Need.Admin, true),
            };
            foreach (var caller in callers)
            {
                var status = caller.Key is null ? anonymous : await StatusAsync(method, channel, acme, caller.Key, ct);
                var expected = Expect(method, caller.Has, caller.SameTenant, anonymous);
                if (!expected.Matches(status)) failures.Add($"{method.Name} with {caller.Name}: {status}, expected {expected.Description}");
            }
        }
        // gRPC's catch-alls (an unknown method of a served service, an unknown service) answer UNIMPLEMENTED to every caller.
        foreach (var (service, name) in new[] { ("silo.v1.Posts", "DeletePost"), ("silo.v2.Posts", "GetPost") })
            foreach (var key in new[] { null, acme.Revoked, acme.Reader, globex.Admin })
                if (await UnknownAsync(channel, service, name, key, ct) is var status && status != StatusCode.Unimplemented)
                    failures.Add($"{service}/{name} with key {(key is null ? "none" : key[..8])}: {status}, expected UNIMPLEMENTED");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<StatusCode> UnknownAsync(GrpcChannel channel, string service, string name, string? key, CancellationToken ct)
    {
        var empty = Marshallers.Create((Google.Protobuf.WellKnownTypes.Empty m) => Google.Protobuf.MessageExtensions.ToByteArray(m),
            Google.Protobuf.WellKnownTypes.Empty.Parser.ParseFrom);
        var method = new Method<Google.Protobuf.WellKnownTypes.Empty, Google.Protobuf.WellKnownTypes.Empty>(MethodType.Unary, service, name, empty, empty);
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(method, null, GrpcCalls.With(key, ct), new Google.Protobuf.WellKnownTypes.Empty());
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private sealed record Expectation(string Description, Func<StatusCode, bool> Matches);

    private static Expectation Expect(Method method, Need? has, bool sameTenant, StatusCode anonymous)
    {
        if (method.Need == Need.Public) return new($"{anonymous} as without a key", s => s == anonymous);
        if (has is null) return new("UNAUTHENTICATED", s => s == StatusCode.Unauthenticated);
        if (has < method.Need) return new("PERMISSION_DENIED", s => s == StatusCode.PermissionDenied);
        if (method.OwnedItem && !sameTenant) return new("NOT_FOUND (another tenant's item)", s => s == StatusCode.NotFound);
        return new("a status past authorization (not UNAUTHENTICATED, PERMISSION_DENIED or a server fault, and the item found)",
            s => s is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Internal or StatusCode.Unknown or StatusCode.Unavailable)
                 && !(method.OwnedItem && s == StatusCode.NotFound));
    }

    private static async Task<StatusCode> StatusAsync(Method method, GrpcChannel channel, TenantWorld.Tenant tenant, string? key, CancellationToken ct)
    {
        try
        {
            await method.Call(channel, tenant, GrpcCalls.With(key, ct));
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>A server stream's first message (or its status): enough to know how the call was answered.</summary>
    internal static async Task FirstAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call) await call.ResponseStream.MoveNext(CancellationToken.None);
    }

    internal static async Task ListServicesAsync<TRequest, TResponse>(AsyncDuplexStreamingCall<TRequest, TResponse> call, TRequest request)
    {
        using (call)
        {
            await call.RequestStream.WriteAsync(request);
            await call.ResponseStream.MoveNext(CancellationToken.None);
            await call.RequestStream.CompleteAsync();
        }
    }
}
