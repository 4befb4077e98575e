using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Everything the fault suite starts: the simulators in-process, three <c>silo</c> processes, an
/// in-process gateway for the HTTP APIs, a shared filesystem blob store. Disposal kills every process
/// it started (including killed-and-restarted ones), whatever happened before.
/// </summary>
public sealed class FaultWorld : IAsyncDisposable
{
    private readonly List<SiloProcess> _started = [];

    private FaultWorld(FaultDatabase database, Simulators simulators, string mediaRoot)
    {
        (Database, Simulators, MediaRoot) = (database, simulators, mediaRoot);
        Settings = ClusterSettings.For(database.ConnectionString, simulators.Server.Address, mediaRoot);
    }

    public FaultDatabase Database { get; }
    public Simulators Simulators { get; }
    public string MediaRoot { get; }
    public Dictionary<string, string?> Settings { get; }
    public List<SiloProcess> Silos { get; } = [];
    public TestNode Gateway { get; private set; } = null!;

    public static async Task<FaultWorld> StartAsync(TestDatabase database, int silos)
    {
        var simulators = await Simulators.StartAsync();
        var world = new FaultWorld(new FaultDatabase(database.ConnectionString), simulators,
            Path.Combine(Path.GetTempPath(), $"silo-faults-{Guid.NewGuid():N}"));
        try
        {
            var starting = Enumerable.Range(1, silos).Select(i => world.StartSiloAsync($"silo-{i}")).ToList();
            // The gateway logs into the test's console: errors only, unless SILO_TEST_LOG_LEVEL asks for more.
            var gatewaySettings = new Dictionary<string, string?>(world.Settings)
            {
                ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("SILO_TEST_LOG_LEVEL") ?? "Error",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = Environment.GetEnvironmentVariable("SILO_TEST_LOG_LEVEL") ?? "Error",
            };
            world.Gateway = await TestNode.StartAsync(database.ConnectionString, SiloRole.Gateway, gatewaySettings);
            world.Silos.AddRange(await Task.WhenAll(starting));
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
        return world;
    }

    private async Task<SiloProcess> StartSiloAsync(string name)
    {
        var silo = await SiloProcess.StartAsync(name, Settings, Database);
        lock (_started) _started.Add(silo);
        return silo;
    }

    /// <summary>Starts a fresh process in place of <paramref name="killed"/> (the killed one stays listed for cleanup).</summary>
    public async Task<SiloProcess> RestartAsync(SiloProcess killed)
    {
        var silo = await StartSiloAsync($"{killed.Name} (restarted)");
        Silos[Silos.IndexOf(killed)] = silo;
        return silo;
    }

    /// <summary>Each process's captured output, for diagnosing a failed run.</summary>
    public void SaveOutputs(string folder)
    {
        Directory.CreateDirectory(folder);
        lock (_started)
            foreach (var silo in _started)
                File.WriteAllText(Path.Combine(folder, $"{silo.Name.Replace(' ', '-').Replace("(", "").Replace(")", "")}.log"), silo.Process.Output);
    }

    public async ValueTask DisposeAsync()
    {
        List<SiloProcess> started;
        lock (_started) started = [.. _started];
        foreach (var silo in started)
        {
            try { await silo.DisposeAsync(); }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        if (Gateway is not null) await Gateway.DisposeAsync();
        await Simulators.DisposeAsync();
        if (Directory.Exists(MediaRoot)) Directory.Delete(MediaRoot, recursive: true);
    }
}
