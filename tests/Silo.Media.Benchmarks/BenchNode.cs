using System.Globalization;
using System.Net;
using Silo.Testing;

namespace Silo.Media.Benchmarks;

/// <summary>
/// One node: the real `silo` executable (`dotnet silo.dll run --role all`, an Orleans silo with the
/// HTTP gateway) as a child process on its own loopback ports, so its memory is its own and can be read from /proc.
/// </summary>
public sealed class BenchNode : IAsyncDisposable
{
    private readonly NodeProcess _process;

    private BenchNode(NodeProcess process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public int ProcessId => _process.Id;

    /// <summary>Throws with the node's output when it has died: a figure from a crashed node is no figure.</summary>
    public void EnsureAlive()
    {
        if (_process.HasExited) throw new InvalidOperationException($"The node at {Address} exited:\n{_process.Output}");
    }

    public static async Task<BenchNode> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var port = Silo.Testing.FreePort.Next();
        // Each node is its own Orleans silo on this machine: its own silo-to-silo and gateway ports.
        var args = new List<string>
        {
            "run", "--role", "all", $"--Urls=http://127.0.0.1:{port}",
            $"--Silo:Cluster:SiloPort={Silo.Testing.FreePort.Next()}", $"--Silo:Cluster:GatewayPort={Silo.Testing.FreePort.Next()}",
        };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var node = new BenchNode(NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"), [.. args]), new Uri($"http://127.0.0.1:{port}/"));
        await node.WaitReadyAsync(cancellationToken);
        return node;
    }

    /// <summary>Peak resident memory of the node process so far (VmHWM, what Process.PeakWorkingSet64 reads on Linux).</summary>
    public long PeakMemoryBytes() => ReadStatusKilobytes("VmHWM") * 1024;

    /// <summary>CPU time the node process has used (user + system).</summary>
    public double CpuSeconds() => ProcessCpu.Seconds(_process.Id);

    /// <summary>Resident memory now (VmRSS).</summary>
    public long MemoryBytes() => ReadStatusKilobytes("VmRSS") * 1024;

    private long ReadStatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {field}.");
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The node exited during start-up:\n{_process.Output}");
            try
            {
                using var response = await Http.GetAsync("/readyz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"The node at {Address} was not ready within 60 s:\n{_process.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
