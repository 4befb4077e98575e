using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Silo.Media.Archiving;
using Silo.Simulators;
using Silo.Hosting.Outbound;

namespace Silo.Media.Tests.Archiving;

/// <summary>
/// The proxy yt-dlp's requests go through. Its decisions are tested without connecting (a fake resolver); what it
/// does on the wire only with loopback targets, so a broken guard could reach nothing beyond this machine.
/// </summary>
public sealed class GuardedProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GuardedProxy Proxy(string[] hosts, bool allowLoopback = true, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        var list = new HostAllowList(hosts);
        return new GuardedProxy(list, new GuardedConnector(list, allowLoopback, resolve), TimeSpan.FromSeconds(5), NullLogger.Instance);
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolves(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

    [Fact]
    public async Task DecideAsync_HostNotOnTheList_RefusedWithoutResolving()
    {
        await using var proxy = Proxy(["youtube.com"], resolve: (_, _) => throw new InvalidOperationException("a refused host is never resolved"));

        var decision = await proxy.DecideAsync("evil.example", 443, Ct);

        Assert.Equal((false, 403), (decision.Allowed, decision.Status));
    }

    [Theory]
    [InlineData("10.0.0.7")]
    [InlineData("169.254.169.254")]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:192.168.1.1")]
    public async Task DecideAsync_AllowedHostResolvingToForbiddenAddress_Refused(string resolved)
    {
        await using var proxy = Proxy(["googlevideo.com"], allowLoopback: false, resolve: Resolves(resolved));

        var decision = await proxy.DecideAsync("rr1.googlevideo.com", 443, Ct);

        Assert.Equal((false, 403, 0), (decision.Allowed, decision.Status, decision.Addresses.Count));
        Assert.Contains("resolves to a", decision.Reason);
    }

    [Fact]
    public async Task DecideAsync_AllowedHostWithPublicAndPrivateAddresses_OnlyThePublicOneToConnectTo()
    {
        await using var proxy = Proxy(["youtube.com"], resolve: Resolves("10.1.2.3", "142.250.180.14"));

        var decision = await proxy.DecideAsync("www.youtube.com", 443, Ct);

        Assert.Equal([IPAddress.Parse("142.250.180.14")], decision.Addresses);
    }

    [Theory]
    [InlineData(true, 8080, true)]
    [InlineData(false, 8080, false)]
    [InlineData(true, 8081, false)]
    public async Task DecideAsync_LoopbackTarget_AllowedOnlyInTestingModeOnItsNamedPort(bool testing, int port, bool allowed)
    {
        await using var proxy = Proxy(["127.0.0.1:8080"], testing);

        var decision = await proxy.DecideAsync("127.0.0.1", port, Ct);

        Assert.Equal(allowed, decision.Allowed);
        if (allowed) Assert.Equal([IPAddress.Loopback], decision.Addresses);
    }

    [Fact]
    public async Task Proxy_PlainHttpToAllowedLoopbackOrigin_ForwardedWithItsHostAndConnectionClose()
    {
        var seen = new List<string>();
        await using var origin = await SimulatorServer.StartAsync(app => app.MapGet("/echo", (HttpRequest r) =>
        {
            lock (seen) seen.Add($"{r.Host}|{r.Headers.Connection}|{r.Headers["Proxy-Authorization"]}");
            return "hello";
        }), cancellationToken: Ct);
        await using var proxy = Proxy([$"127.0.0.1:{origin.Address.Port}"]);
        using var http = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(proxy.Start()), UseProxy = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, origin.Url("echo"));
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic c2VjcmV0");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal((HttpStatusCode.OK, "hello"), (response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal([$"127.0.0.1:{origin.Address.Port}|close|"], seen);
    }

    [Fact]
    public async Task Proxy_ConnectToAllowedLoopbackOrigin_TunnelCarriesBytesBothWays()
    {
        using var origin = new TcpListener(IPAddress.Loopback, 0);
        origin.Start();
        var echo = EchoOnceAsync(origin);
        await using var proxy = Proxy([$"127.0.0.1:{Port(origin)}"]);

        using var client = await ConnectAsync(proxy);
        await SendAsync(client, $"CONNECT 127.0.0.1:{Port(origin)} HTTP/1.1\r\nHost: 127.0.0.1:{Port(origin)}\r\n\r\n");
        Assert.Equal("HTTP/1.1 200 Connection established\r\n\r\n", await ReadAsync(client, 39));
        await SendAsync(client, "ping");

        Assert.Equal("ping", await ReadAsync(client, 4));
        await echo;
    }

    [Theory]
    [InlineData("CONNECT {0} HTTP/1.1\r\n\r\n")]
    [InlineData("GET http://{0}/x HTTP/1.1\r\nHost: {0}\r\n\r\n")]
    public async Task Proxy_LoopbackTargetNotOnTheList_403AndNothingConnected(string request)
    {
        using var refused = new TcpListener(IPAddress.Loopback, 0);
        refused.Start();
        await using var proxy = Proxy(["127.0.0.1:9"]);

        using var client = await ConnectAsync(proxy);
        await SendAsync(client, string.Format(request, $"127.0.0.1:{Port(refused)}"));
        var answer = await ReadToEndAsync(client);

        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", answer);
        Assert.False(refused.Pending(), "the refused target was connected to");
    }

    [Fact]
    public async Task Proxy_SecondRequestOnTheSameConnection_NeverForwardedAnywhere()
    {
        var requests = 0;
        await using var allowed = await SimulatorServer.StartAsync(app =>
        {
            // Every request counted, whatever its path: the second one must not reach this origin either.
            app.Use(next => context =>
            {
                Interlocked.Increment(ref requests);
                return next(context);
            });
            app.MapGet("/a", () => "first");
        }, cancellationToken: Ct);
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        await using var proxy = Proxy([$"127.0.0.1:{allowed.Address.Port}", $"127.0.0.1:{Port(other)}"]);

        using var client = await ConnectAsync(proxy);
        // Both requests in one write, the way a kept-alive client would pipeline them.
        await SendAsync(client, $"GET http://127.0.0.1:{allowed.Address.Port}/a HTTP/1.1\r\nHost: x\r\n\r\n" +
            $"GET http://127.0.0.1:{Port(other)}/b HTTP/1.1\r\nHost: 127.0.0.1:{Port(other)}\r\n\r\n");
        var answer = await ReadToEndAsync(client);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.Contains("first", answer);
        Assert.Single(answer.Split("HTTP/1.1 ")[1..]);
        Assert.Equal(1, requests);
        Assert.False(other.Pending(), "the second request's host was connected to");
    }

    [Theory]
    [InlineData("GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")]
    [InlineData("GET https://127.0.0.1:9/x HTTP/1.1\r\n\r\n")]
    [InlineData("CONNECT user@127.0.0.1:9 HTTP/1.1\r\n\r\n")]
    public async Task Proxy_RequestItDoesNotServe_400(string request)
    {
        await using var proxy = Proxy(["127.0.0.1:9"]);

        using var client = await ConnectAsync(proxy);
        await SendAsync(client, request);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", await ReadToEndAsync(client));
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    private static async Task<Socket> ConnectAsync(GuardedProxy proxy)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, proxy.Start().Port, Ct);
        return socket;
    }

    private static async Task EchoOnceAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync(Ct);
        var buffer = new byte[4];
        var read = 0;
        while (read < buffer.Length) read += await socket.ReceiveAsync(buffer.AsMemory(read), Ct);
        await socket.SendAsync(buffer, Ct);
    }

    private static async Task SendAsync(Socket socket, string text) => await socket.SendAsync(Encoding.ASCII.GetBytes(text), Ct);

    private static async Task<string> ReadAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), Ct);
            if (n == 0) break;
            read += n;
        }
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>Everything the proxy sends until it closes the connection (bounded by the test's deadline).</summary>
    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, deadline.Token);
        return Encoding.ASCII.GetString(copy.ToArray());
    }
}
