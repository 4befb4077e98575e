using Silo.Insights.Tests.Simulators;
using Silo.Simulators;
using Silo.Simulators.MetaAds;
using Silo.Simulators.MetaCdn;
using Silo.Testing;

namespace Silo.Insights.Tests.Creatives;

/// <summary>
/// One live-mode node for the creative tests, on their own database: the Meta Ads simulator (the Marketing API) and the
/// CDN simulator (the creatives' and posts' files) on one loopback server, media stored under a temporary folder, a failed
/// creative tried again a second later. Each test uses an ad account of its own.
/// </summary>
public sealed class CreativeWorld : IAsyncLifetime
{
    public const string Token = "sim-token-creatives";

    private SimulatorServer _server = null!;
    private TempFolder _media = null!;

    public TestDatabase Database { get; } = new();
    public MetaAdsSimulator Ads { get; } = new(firstId: 170_000_000_000);
    public MetaCdnSimulator Cdn { get; } = new();
    private TestNode? _node;

    public TestNode Node { get => _node!; private set => _node = value; }

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        Ads.AddToken(Token);
        _server = await SimulatorServer.StartAsync(app =>
        {
            app.MapMetaAdsSimulator(MetaAdsSimulatorHost.Prefix, Ads);
            app.MapMetaCdnSimulator("/cdn", Cdn);
        });
        _media = new TempFolder("silo-creatives");
        try
        {
            Node = await StartNodeAsync();
        }
        catch
        {
            // The simulators started already; the node cleaned up after itself.
            await DisposeAsync();
            throw;
        }
    }

    private Task<TestNode> StartNodeAsync() => TestNode.StartAsync(Database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["META_INSIGHTS_MODE"] = "live",
            ["META_ACCESS_TOKEN"] = Token,
            ["Silo:Insights:SyncEnabled"] = "false",
            ["Silo:Insights:GraphBaseUrl"] = _server.Url(MetaAdsSimulatorHost.Prefix + "/").ToString(),
            ["Silo:Insights:ReportPollInterval"] = "00:00:00.050",
            ["Silo:Insights:SyncNowWait"] = "00:00:40",
            ["Silo:Insights:CreativeRetryDelay"] = "00:00:01",
            ["Silo:Media:AllowedHosts:0"] = $"127.0.0.1:{_server.Address.Port}",
            ["Silo:Media:AllowLoopbackForTesting"] = "true",
            ["Silo:Media:Storage:Root"] = _media.Path,
        });

    public async ValueTask DisposeAsync()
    {
        await Teardown.DisposeAllAsync(Interlocked.Exchange(ref _node, null), _server, _media);
        await Database.DisposeAsync();
    }
}
