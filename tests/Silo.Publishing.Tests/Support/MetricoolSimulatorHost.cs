using Silo.Simulators;
using Silo.Simulators.Metricool;

namespace Silo.Publishing.Tests.Support;

/// <summary>The Metricool simulator mounted at /metricool on the shared <see cref="SimulatorServer"/> (a free loopback port).</summary>
public sealed class MetricoolSimulatorHost : IAsyncDisposable
{
    public const string Token = "test-metricool-token";

    private readonly SimulatorServer _server;

    private MetricoolSimulatorHost(SimulatorServer server, MetricoolSimulator simulator)
    {
        _server = server;
        Simulator = simulator;
        BaseUrl = server.Url("metricool").ToString();
    }

    public MetricoolSimulator Simulator { get; }
    public string BaseUrl { get; }

    public static async Task<MetricoolSimulatorHost> StartAsync(TimeProvider? time = null)
    {
        var simulator = new MetricoolSimulator(time) { Token = Token };
        var server = await SimulatorServer.StartAsync(app => app.MapMetricoolSimulator("/metricool", simulator));
        return new MetricoolSimulatorHost(server, simulator);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
