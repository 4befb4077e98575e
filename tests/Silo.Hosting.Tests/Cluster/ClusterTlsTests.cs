using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Silo.Hosting.Cluster;
using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Hosting.Tests.Cluster;

/// <summary>
/// A cluster whose Orleans ports speak only mutual TLS with its certificate: one silo node started for the class, then
/// a gateway node with the certificate calling through it, and nodes and raw clients without it turned away.
/// </summary>
public sealed class ClusterTlsTests(ClusterTlsTests.TlsSilo cluster) : IClassFixture<ClusterTlsTests.TlsSilo>
{
    private const string Password = "cluster-pfx-password";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GrainCall_GatewayNodeWithTheClusterCertificate_AnsweredBySilo()
    {
        await using var gateway = await TestNode.StartAsync(cluster.Database.ConnectionString, SiloRole.Gateway, cluster.Settings(cluster.PfxPath));
        var client = gateway.Services.GetRequiredService<IClusterClient>();

        // A system grain on the silo, reached through its gateway port: the call crosses the TLS connection.
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, Ct);

        Assert.Equal([cluster.SiloAddress], hosts.Keys);
    }

    public static TheoryData<string> Strangers => ["no TLS", "another certificate"];

    [Theory]
    [MemberData(nameof(Strangers))]
    public async Task Join_SiloWithoutTheClusterCertificate_CannotReachTheClusterAndStaysOut(string stranger)
    {
        // Its own OS process: a joiner that fails is in time declared dead, and Orleans ends a dead silo's process.
        var args = new List<string>
        {
            "run", "--role", "silo", $"--ConnectionStrings:Silo={cluster.Database.ConnectionString}", "--Urls=http://127.0.0.1:0",
            $"--Silo:Cluster:SiloPort={FreePort.Next()}", $"--Silo:Cluster:GatewayPort={FreePort.Next()}",
        };
        if (stranger == "another certificate")
            args.AddRange([$"--Silo:Cluster:Tls:CertificatePath={cluster.ImpostorPfxPath}", $"--Silo:Cluster:Tls:CertificatePassword={Password}"]);
        await using var joiner = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"), [.. args]);

        // Orleans' joining check: a new silo must answer-ping every active one before it may become active itself.
        await Eventually.UntilAsync(() => joiner.Output.Contains("Failed to get ping responses from 1 of 1 active silos", StringComparison.Ordinal),
            "the joiner reports the TLS silo unreachable", TimeSpan.FromSeconds(60));

        Assert.Equal(1L, await cluster.Database.ScalarAsync<long>("select count(*) from orleans_membership where status = 3"));
    }

    [Theory]
    [InlineData("no certificate")]
    [InlineData("another certificate")]
    public async Task GatewayPort_TlsClientWithoutTheClusterCertificate_Refused(string stranger)
    {
        using var impostor = TestCertificates.Create("silo-cluster");
        using var tcp = await ConnectAsync();
        await using var tls = new SslStream(tcp.GetStream());
        using var deadline = Deadline();

        var refused = await RefusedAsync(async () =>
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "silo",
                ClientCertificates = stranger == "no certificate" ? null : [impostor],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, deadline.Token);
            // TLS 1.3 settles the client's certificate after the client's side of the handshake: the refusal arrives here.
            return await tls.ReadAsync(new byte[1], deadline.Token);
        });

        Assert.True(refused, "the silo kept a connection from a client without the cluster certificate");
    }

    [Fact]
    public async Task GatewayPort_ClusterCertificate_SiloPresentsIt()
    {
        using var tcp = await ConnectAsync();
        await using var tls = new SslStream(tcp.GetStream());
        using var deadline = Deadline();

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "silo",
            ClientCertificates = [cluster.Certificate],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, deadline.Token);

        Assert.True(ClusterCertificate.Matches(cluster.Certificate, tls.RemoteCertificate as X509Certificate2));
    }

    [Fact]
    public async Task GatewayPort_PlainConnection_Closed()
    {
        using var tcp = await ConnectAsync();
        var stream = tcp.GetStream();
        using var deadline = Deadline();

        var refused = await RefusedAsync(async () =>
        {
            // Where an Orleans client without TLS would send its preamble.
            await stream.WriteAsync(new byte[64], deadline.Token);
            return await stream.ReadAsync(new byte[1], deadline.Token);
        });

        Assert.True(refused, "the silo answered a connection without TLS");
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, cluster.GatewayPort, Ct);
        return tcp;
    }

    private static CancellationTokenSource Deadline()
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        return deadline;
    }

    /// <summary>True when the silo ends the exchange (an alert, a reset or a close); a silo that keeps the connection lets the deadline fail the test.</summary>
    private static async Task<bool> RefusedAsync(Func<Task<int>> exchange)
    {
        try { return await exchange() == 0; }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException) { return true; }
    }

    /// <summary>One TLS silo node on a database of its own, with the cluster certificate and an impostor's (same name, other key).</summary>
    public sealed class TlsSilo : IAsyncLifetime
    {
        private readonly TempFolder _folder = new("silo-tls");
        private TestNode? _silo;

        public TestDatabase Database { get; } = new();
        public X509Certificate2 Certificate { get; } = TestCertificates.Create("silo-cluster");
        public string PfxPath { get; private set; } = "";
        public string ImpostorPfxPath { get; private set; } = "";
        public int GatewayPort { get; } = FreePort.Next();
        public SiloAddress SiloAddress => _silo!.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        /// <summary>A node's settings with TLS from <paramref name="pfx"/>, or none when null.</summary>
        public Dictionary<string, string?> Settings(string? pfx) => pfx is null ? [] : new()
        {
            ["Silo:Cluster:Tls:CertificatePath"] = pfx,
            ["Silo:Cluster:Tls:CertificatePassword"] = Password,
        };

        public async ValueTask InitializeAsync()
        {
            await Database.InitializeAsync();
            PfxPath = TestCertificates.WritePfx(Certificate, _folder.Path, Password);
            using (var impostor = TestCertificates.Create("silo-cluster"))
                ImpostorPfxPath = TestCertificates.WritePfx(impostor, _folder.Path, Password);
            var settings = Settings(PfxPath);
            settings["Silo:Cluster:GatewayPort"] = GatewayPort.ToString();
            _silo = await TestNode.StartAsync(Database.ConnectionString, SiloRole.Silo, settings);
        }

        public async ValueTask DisposeAsync()
        {
            if (_silo is not null) await _silo.DisposeAsync();
            await Database.DisposeAsync();
            await _folder.DisposeAsync();
            Certificate.Dispose();
        }
    }
}
