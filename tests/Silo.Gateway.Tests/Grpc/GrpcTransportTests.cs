using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Silo.Testing;

namespace Silo.Gateway.Tests.Grpc;

/// <summary>
/// Where gRPC is served: on the gateway's own port over TLS (ALPN picks HTTP/2 for gRPC, HTTP/1.1
/// for the REST clients), on the h2c listener, and not as h2c on the mixed cleartext port (Kestrel's
/// limit, the reason the h2c listener exists). Health and reflection answer without a key.
/// </summary>
public sealed class GrpcTransportTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GatewayPort_OverTls_ServesGrpcAndHttp1OnTheSamePort()
    {
        using var certificate = SelfSigned();
        var pfx = Path.Combine(Path.GetTempPath(), $"silo-grpc-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test"), Ct);
        try
        {
            var port = FreePort.Next();
            await using var node = await TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?>
            {
                ["Kestrel:Endpoints:Gateway:Url"] = $"https://127.0.0.1:{port}",
                ["Kestrel:Endpoints:Gateway:Protocols"] = "Http1AndHttp2",
                ["Kestrel:Endpoints:Gateway:Certificate:Path"] = pfx,
                ["Kestrel:Endpoints:Gateway:Certificate:Password"] = "test",
            });
            bool Trusted(X509Certificate2? c) => c?.Thumbprint == certificate.Thumbprint;
            using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => Trusted(c as X509Certificate2) } },
            });
            using var http1 = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => Trusted(c as X509Certificate2) } })
            {
                BaseAddress = new Uri($"https://127.0.0.1:{port}"),
                DefaultRequestVersion = HttpVersion.Version11,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };

            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), GrpcCalls.With(null, Ct));
            var rest = await http1.GetAsync("/healthz", Ct);

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
            Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (rest.StatusCode, rest.Version));
            Assert.Equal(port, node.Address.Port);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task H2cListener_HealthAndReflection_AnswerWithoutAKey()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: GrpcCalls.H2c(out var h2c));
        using var channel = GrpcCalls.Channel(h2c);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), GrpcCalls.With(null, Ct));
        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(GrpcCalls.With(null, Ct));
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Ct);
        Assert.True(await reflection.ResponseStream.MoveNext(Ct));
        await reflection.RequestStream.CompleteAsync();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "silo.v1.Posts", "silo.v1.Batches", "silo.v1.Insights", "grpc.health.v1.Health" }, services);
    }

    [Fact]
    public async Task MixedCleartextPort_H2cPriorKnowledge_RefusedByKestrel()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString);
        using var channel = GrpcChannel.ForAddress(node.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), GrpcCalls.With(null, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_GrpcMethods_NotListed()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString);

        var document = await node.Http.GetStringAsync("/openapi/v1.json", Ct);

        // The gRPC contract is the .proto files (and reflection); the OpenAPI document describes the HTTP routes.
        Assert.Contains("/api/posts", document, StringComparison.Ordinal);
        Assert.DoesNotContain("silo.v1", document, StringComparison.Ordinal);
        Assert.DoesNotContain("grpc.", document, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
