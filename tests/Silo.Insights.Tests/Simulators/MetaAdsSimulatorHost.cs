using Silo.Simulators;
using Silo.Simulators.MetaAds;

namespace Silo.Insights.Tests.Simulators;

/// <summary>The Meta Ads simulator on the shared <see cref="SimulatorServer"/> (a free loopback port), mounted under <c>/ads</c>.</summary>
public sealed class MetaAdsSimulatorHost : IAsyncDisposable
{
    public const string Prefix = "/ads";

    private readonly SimulatorServer _server;

    private MetaAdsSimulatorHost(SimulatorServer server, MetaAdsSimulator simulator)
    {
        _server = server;
        Simulator = simulator;
        BaseUrl = server.Url(Prefix + "/");
    }

    public MetaAdsSimulator Simulator { get; }

    /// <summary>What Silo:Insights:GraphBaseUrl points at.</summary>
    public Uri BaseUrl { get; }

    /// <param name="time">The clock the simulator stamps requests and reads "today" from (the system clock by default).</param>
    public static async Task<MetaAdsSimulatorHost> StartAsync(long firstId = 120_000_000_000, TimeProvider? time = null)
    {
        var simulator = new MetaAdsSimulator(time, firstId);
        var server = await SimulatorServer.StartAsync(app => app.MapMetaAdsSimulator(Prefix, simulator));
        return new MetaAdsSimulatorHost(server, simulator);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
