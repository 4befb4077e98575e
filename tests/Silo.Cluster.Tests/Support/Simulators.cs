using Silo.Simulators;
using Silo.Simulators.MetaAds;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;
using Silo.Simulators.Metricool;

namespace Silo.Cluster.Tests.Support;

/// <summary>The outside world on one loopback server: Meta CDN, Graph API, Metricool and the Marketing API.</summary>
public sealed class Simulators : IAsyncDisposable
{
    private Simulators(SimulatorServer server, MetaCdnSimulator cdn, MetaGraphSimulator graph, MetricoolSimulator metricool, MetaAdsSimulator ads)
    {
        (Server, Cdn, Graph, Metricool, Ads) = (server, cdn, graph, metricool, ads);
    }

    public SimulatorServer Server { get; }
    public MetaCdnSimulator Cdn { get; }
    public MetaGraphSimulator Graph { get; }
    public MetricoolSimulator Metricool { get; }
    public MetaAdsSimulator Ads { get; }

    public static async Task<Simulators> StartAsync()
    {
        var cdn = new MetaCdnSimulator();
        var graph = new MetaGraphSimulator(cdn) { AccessToken = ClusterSettings.GraphToken };
        var metricool = new MetricoolSimulator { Token = ClusterSettings.MetricoolToken };
        metricool.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromSeconds(1));
        var ads = new MetaAdsSimulator(firstId: 130_000_000_000);
        ads.AddToken(ClusterSettings.AdsToken);
        var server = await SimulatorServer.StartAsync(app =>
        {
            app.MapMetaCdnSimulator("/cdn", cdn);
            app.MapMetaGraphSimulator("/graph", graph);
            app.MapMetricoolSimulator("/metricool", metricool);
            app.MapMetaAdsSimulator("/ads", ads);
        });
        return new Simulators(server, cdn, graph, metricool, ads);
    }

    /// <summary>Every simulator's faults at once: 5xx, 429, timeouts (held answers) and slow bodies.</summary>
    public void FaultsOn()
    {
        Cdn.Faults.CopyFrom(new MetaCdnFaults { FailStatus = 503, FailCount = 20, LatencyMs = 300, BodyStallMs = 1500 });
        Graph.Faults.CopyFrom(new MetaGraphFaults { FailCount = 3, RateLimitCount = 2 });
        Metricool.SetFaults(f =>
        {
            f.Latency = TimeSpan.FromMilliseconds(300);
            f.ReadServerErrors = 3;
            f.TooManyRequests = 2;
            f.TimeoutsAfterCreate = 1;
            f.ServerErrorsAfterCreate = 1;
        });
        Ads.SetFaults(new MetaAdsFaults { ServerErrorsNext = 3, RateLimitNext = 3, LatencyMs = 300 });
    }

    /// <summary>The CDN answers 429 to the next <paramref name="count"/> requests.</summary>
    public void CdnTooManyRequests(int count) =>
        Cdn.Faults.CopyFrom(new MetaCdnFaults { FailStatus = 429, FailCount = count, LatencyMs = 300, BodyStallMs = 1500 });

    /// <summary>The CDN holds every answer until the client's timeout.</summary>
    public void CdnHangs(bool hang) => Cdn.Faults.CopyFrom(new MetaCdnFaults { Hang = hang });

    /// <summary>Slow CDN answers, so node work is in flight when a node is killed.</summary>
    public void CdnSlow(int latencyMs) => Cdn.Faults.CopyFrom(new MetaCdnFaults { LatencyMs = latencyMs });

    public void FaultsOff()
    {
        Cdn.Faults.Reset();
        Graph.Faults.CopyFrom(new MetaGraphFaults());
        Metricool.SetFaults(f =>
        {
            f.Latency = TimeSpan.Zero;
            (f.ReadServerErrors, f.TooManyRequests, f.TimeoutsAfterCreate, f.ServerErrorsAfterCreate, f.CreateServerErrors) = (0, 0, 0, 0, 0);
        });
        Ads.SetFaults(new MetaAdsFaults());
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
