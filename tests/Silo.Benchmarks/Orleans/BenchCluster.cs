using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Silo.Benchmarks.Grains;
using Silo.Hosting.Cluster;
using Silo.Hosting.Database;
using Silo.Hosting.Hosting;

namespace Silo.Benchmarks.Orleans;

/// <summary>
/// N Orleans silos in this process, each set up exactly as a <c>silo run --role silo</c> node sets up
/// Orleans (AddSiloDatabase + AddSiloCluster: ADO.NET clustering, reminders and grain storage on the
/// benchmark's PostgreSQL), without the modules, so the figures are the engine's.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    public BenchRecorder Recorder { get; } = new();

    /// <summary>The first silo's grain factory: calls from here go wherever Orleans placed each grain.</summary>
    public IGrainFactory Grains => _hosts[0].Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchCluster> StartAsync(string connectionString, int nodes, IDictionary<string, string?> settings,
        CancellationToken cancellationToken)
    {
        var cluster = new BenchCluster();
        // One at a time: the first applies the migrations, the others join the cluster it formed.
        for (var i = 0; i < nodes; i++)
        {
            var builder = Host.CreateApplicationBuilder();
            var values = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Silo"] = connectionString,
                ["Silo:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Silo:Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("SILO_BENCH_LOG_LEVEL") ?? "Warning",
            };
            foreach (var (key, value) in settings) values[key] = value;
            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.AddSingleton(cluster.Recorder);
            builder.Services.AddSiloDatabase(builder.Configuration);
            builder.AddSiloCluster(SiloRole.Silo);
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            cluster._hosts.Add(host);
        }
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
