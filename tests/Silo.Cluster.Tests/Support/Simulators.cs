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

    /// <summary>
    /// How many of each injected fault the simulators actually served, read from their own counters
    /// when the faults are switched off: a fault window that served nothing fails the suite.
    /// </summary>
    public Dictionary<string, int> FaultsServed { get; } = [];

    private const int CdnFailures = 20, GraphFailures = 3, GraphRateLimits = 2, MetricoolReadErrors = 3, MetricoolTooMany = 2,
        MetricoolTimeouts = 1, MetricoolErrorsAfterCreate = 1, AdsServerErrors = 3, AdsRateLimits = 3;

    private int _cdnTooMany;
    private bool _faultsOn;
    private int _stalledBefore, _heldBefore;

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
        (_faultsOn, _stalledBefore, _heldBefore) = (true, Cdn.StalledBodies, Cdn.HeldAnswers);
        Cdn.Faults.CopyFrom(new MetaCdnFaults { FailStatus = 503, FailCount = CdnFailures, LatencyMs = 300, BodyStallMs = 1500 });
        Graph.Faults.CopyFrom(new MetaGraphFaults { FailCount = GraphFailures, RateLimitCount = GraphRateLimits });
        Metricool.SetFaults(f =>
        {
            f.Latency = TimeSpan.FromMilliseconds(300);
            f.ReadServerErrors = MetricoolReadErrors;
            f.TooManyRequests = MetricoolTooMany;
            f.TimeoutsAfterCreate = MetricoolTimeouts;
            f.ServerErrorsAfterCreate = MetricoolErrorsAfterCreate;
        });
        Ads.SetFaults(new MetaAdsFaults { ServerErrorsNext = AdsServerErrors, RateLimitNext = AdsRateLimits, LatencyMs = 300 });
    }

    /// <summary>503s the CDN has served since <see cref="FaultsOn"/> (while they are on).</summary>
    public int CdnFailuresServed => CdnFailures - Cdn.Faults.FailCount;

    /// <summary>429s the CDN has served since <see cref="CdnTooManyRequests"/> (while they are on).</summary>
    public int CdnTooManyServed => _cdnTooMany - Cdn.Faults.FailCount;

    public int StalledServed => Cdn.StalledBodies - _stalledBefore;

    public int HeldServed => Cdn.HeldAnswers - _heldBefore;

    /// <summary>Every fault of the Graph API, Metricool and the Marketing API served at least once.</summary>
    public bool EveryOtherFaultServed
    {
        get
        {
            var metricool = Metricool.Faults;
            return Graph.Faults.FailCount < GraphFailures && Graph.Faults.RateLimitCount < GraphRateLimits
                && metricool.ReadServerErrors < MetricoolReadErrors && metricool.TooManyRequests < MetricoolTooMany
                && metricool.TimeoutsAfterCreate < MetricoolTimeouts && metricool.ServerErrorsAfterCreate < MetricoolErrorsAfterCreate
                && Ads.Faults.ServerErrorsNext < AdsServerErrors && Ads.Faults.RateLimitNext < AdsRateLimits;
        }
    }

    /// <summary>The CDN answers 429 to the next <paramref name="count"/> requests.</summary>
    public void CdnTooManyRequests(int count)
    {
        FaultsServed["CDN 503"] = CdnFailuresServed;
        Cdn.Faults.CopyFrom(new MetaCdnFaults { FailStatus = 429, FailCount = count, LatencyMs = 300, BodyStallMs = 1500 });
        _cdnTooMany = count;
    }

    /// <summary>The CDN holds every answer until the client's timeout.</summary>
    public void CdnHangs(bool hang)
    {
        if (hang) FaultsServed["CDN 429"] = CdnTooManyServed;
        Cdn.Faults.CopyFrom(new MetaCdnFaults { Hang = hang });
    }

    /// <summary>Slow CDN answers, so node work is in flight when a node is killed.</summary>
    public void CdnSlow(int latencyMs) => Cdn.Faults.CopyFrom(new MetaCdnFaults { LatencyMs = latencyMs });

    /// <summary>Records what the faults switched on by <see cref="FaultsOn"/> served, then switches every fault off.</summary>
    public void FaultsOff()
    {
        if (_faultsOn)
        {
            _faultsOn = false;
            var metricool = Metricool.Faults;
            FaultsServed["CDN slow bodies (stalled halfway)"] = Cdn.StalledBodies - _stalledBefore;
            FaultsServed["CDN answers held (client timed out)"] = Cdn.HeldAnswers - _heldBefore;
            FaultsServed["Graph API 500"] = GraphFailures - Graph.Faults.FailCount;
            FaultsServed["Graph API code 4 (rate limit)"] = GraphRateLimits - Graph.Faults.RateLimitCount;
            FaultsServed["Metricool 503 (reads)"] = MetricoolReadErrors - metricool.ReadServerErrors;
            FaultsServed["Metricool 429"] = MetricoolTooMany - metricool.TooManyRequests;
            FaultsServed["Metricool create timed out after storing"] = MetricoolTimeouts - metricool.TimeoutsAfterCreate;
            FaultsServed["Metricool 500 after storing"] = MetricoolErrorsAfterCreate - metricool.ServerErrorsAfterCreate;
            FaultsServed["Marketing API 500"] = AdsServerErrors - Ads.Faults.ServerErrorsNext;
            FaultsServed["Marketing API code 17 (rate limit)"] = AdsRateLimits - Ads.Faults.RateLimitNext;
        }
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
