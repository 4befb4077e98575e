using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;
using Silo.Testing;

namespace Silo.Media.Tests.BlobStores;

/// <summary>The S3 store against a real S3-compatible server (s3rver, installed by deploy/test-tools.sh) on loopback.</summary>
public sealed class S3BlobStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"silo-s3-{Guid.NewGuid():N}");
    private readonly string _source = Path.GetTempFileName();
    private Process? _server;
    private int _port;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Silo.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Silo.sln not found");
        var s3rver = Path.Combine(root, ".local/tools/node_modules/s3rver/bin/s3rver.js");
        Assert.True(File.Exists(s3rver), "s3rver is missing: run deploy/test-tools.sh");
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); _port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        Directory.CreateDirectory(_directory);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { s3rver, "--address", "127.0.0.1", "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--directory", _directory, "--configure-bucket", "meta-webhooks", "--silent" })
            start.ArgumentList.Add(argument);
        _server = Process.Start(start)!;
        await Eventually.UntilAsync(async () =>
        {
            using var client = new TcpClient();
            try { await client.ConnectAsync(IPAddress.Loopback, _port, Ct); return true; }
            catch (SocketException) { return false; }
        }, "s3rver listens", TimeSpan.FromSeconds(20));
    }

    private S3BlobStore Store(string bucket = "meta-webhooks") => new(Options.Create(new BlobStoreOptions
    {
        Backend = "S3", ServiceUrl = $"http://127.0.0.1:{_port}", Bucket = bucket, AccessKeyId = "S3RVER", SecretAccessKey = "S3RVER",
        PublicBaseUrl = "https://cdn.example.test/media",
    }));

    [Fact]
    public async Task PutFileAsync_NewKey_StoredInBucket()
    {
        await File.WriteAllBytesAsync(_source, [9, 8, 7, 6], Ct);
        using var store = Store();

        Assert.False(await store.ExistsAsync("ab/cd/abcd.png", Ct));
        await store.PutFileAsync("ab/cd/abcd.png", _source, "image/png", Ct);

        Assert.True(await store.ExistsAsync("ab/cd/abcd.png", Ct));
        Assert.Equal("https://cdn.example.test/media/ab/cd/abcd.png", store.PublicUrl("ab/cd/abcd.png"));
        using var http = new HttpClient();
        var stored = await http.GetByteArrayAsync($"http://127.0.0.1:{_port}/meta-webhooks/ab/cd/abcd.png", Ct);
        Assert.Equal([9, 8, 7, 6], stored);
    }

    [Fact]
    public async Task PutFileAsync_MissingBucket_StoreUnavailable()
    {
        await File.WriteAllBytesAsync(_source, [1], Ct);
        using var store = Store("no-such-bucket");

        await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => store.PutFileAsync("x.png", _source, "image/png", Ct));
    }

    public ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true);
        _server?.Dispose();
        File.Delete(_source);
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
