using System.Net;
using System.Net.Sockets;
using Npgsql;
using Silo.Testing;

namespace Silo.Gateway.Tests.Hosting;

/// <summary>A node started while its database drops connections waits for it instead of exiting.</summary>
public sealed class StartupRetryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task StartAsync_DatabaseDropsFirstConnections_NodeStartsOnceItAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new FlakyProxy(target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port, Pooling = false }.ConnectionString;

        var starting = TestNode.StartAsync(throughProxy);
        await Eventually.UntilAsync(() => proxy.Dropped >= 2, "the node's first connections were dropped");
        proxy.Forward = true;
        await using var node = await starting.WaitAsync(TimeSpan.FromSeconds(60), ct);

        var health = await node.Http.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>A loopback TCP proxy to PostgreSQL that closes connections until told to forward them.</summary>
    private sealed class FlakyProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly int _targetPort;
        private int _dropped;

        public FlakyProxy(int targetPort)
        {
            _targetPort = targetPort;
            _listener.Start();
            _ = AcceptLoop();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public int Dropped => Volatile.Read(ref _dropped);
        public volatile bool Forward;

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                if (!Forward)
                {
                    Interlocked.Increment(ref _dropped);
                    client.Dispose();
                    continue;
                }
                _ = Pipe(client);
            }
        }

        private async Task Pipe(TcpClient client)
        {
            using (client)
            using (var server = new TcpClient())
            {
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                    await Task.WhenAny(client.GetStream().CopyToAsync(server.GetStream(), _stop.Token),
                        server.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    // One side hung up: the connection is over.
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            return ValueTask.CompletedTask;
        }
    }
}
