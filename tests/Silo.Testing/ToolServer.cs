using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Silo.Testing;

/// <summary>
/// A storage server from npm (s3rver, azurite), installed into <c>.local/tools</c> by deploy/test-tools.sh, run by node on
/// 127.0.0.1 on a free port with its data in a fresh temporary folder; killed and its folder removed on dispose.
/// </summary>
public sealed class ToolServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ToolServer(Process process, int port, string directory)
    {
        (_process, Port, Directory) = (process, port, directory);
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The server's data folder.</summary>
    public string Directory { get; }

    /// <summary>s3rver with <paramref name="buckets"/> made at start (credentials: <c>S3RVER</c> / <c>S3RVER</c>).</summary>
    public static Task<ToolServer> StartS3rverAsync(params string[] buckets) =>
        StartAsync("node_modules/s3rver/bin/s3rver.js", (port, directory) =>
            new[] { "--address", "127.0.0.1", "--port", port, "--directory", directory, "--silent" }
                .Concat(buckets.SelectMany(b => new[] { "--configure-bucket", b })));

    /// <summary>azurite's blob service, with its well-known development account (<see cref="AzuriteAccount"/>, <see cref="AzuriteKey"/>).
    /// Telemetry off: nothing may leave loopback. The API version check is skipped so a newer SDK than the emulator still talks to it.</summary>
    public static Task<ToolServer> StartAzuriteAsync() =>
        StartAsync("node_modules/azurite/dist/src/blob/main.js", (port, directory) =>
            ["--blobHost", "127.0.0.1", "--blobPort", port, "--location", directory, "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose"]);

    public const string AzuriteAccount = "devstoreaccount1";

    /// <summary>azurite's published development key (not a secret: every copy of the emulator has it).</summary>
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string Output { get { lock (_output) return _output.ToString(); } }

    // node loads azurite's few megabytes of JavaScript in a second or two on a quiet machine; with the whole suite on two
    // cores it has waited past 30 s for its share of them.
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(90);

    private static async Task<ToolServer> StartAsync(string script, Func<string, string, IEnumerable<string>> arguments)
    {
        var path = Path.Combine(RepositoryRoot(), ".local/tools", script);
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: run deploy/test-tools.sh");
        var port = FreePort.Next();
        var directory = Path.Combine(Path.GetTempPath(), $"silo-{Path.GetFileNameWithoutExtension(script)}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments(port.ToString(CultureInfo.InvariantCulture), directory)) start.ArgumentList.Add(argument);
        var server = new ToolServer(Process.Start(start)!, port, directory);
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                if (server._process.HasExited) throw new InvalidOperationException($"{script} exited: {server.Output}");
                using var client = new TcpClient();
                try { await client.ConnectAsync(IPAddress.Loopback, port); return true; }
                catch (SocketException) { return false; }
            }, $"{Path.GetFileName(script)} listens on {port}", StartWithin);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The repository's root folder (where Silo.sln is), found from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Silo.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Silo.sln not found");
        return root;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
