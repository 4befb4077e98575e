using Silo.Simulators;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;
using Silo.Simulators.Metricool;
using Silo.Simulators.Transcription;

namespace Silo.Host.Demo;

/// <summary>
/// The local demo's outside world: the Meta CDN, Graph and Metricool simulators on one loopback port, and the
/// settings that point the node at them. Production points the same settings at the real services.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    public const string AdminKey = "silo_demo_admin_key_change_me";
    public const string AppSecret = "demo_app_secret";
    public const string PageId = "100200300";

    /// <summary>The page whose history the demo backfills on start (<see cref="DemoBackfill"/>).</summary>
    public const string BackfillPageId = "100200400";
    public const string MetricoolToken = "demo_metricool_token";
    public const string TranscriptionKey = "demo_transcription_key";

    private DemoEnvironment(SimulatorServer server, MetaCdnSimulator cdn, MetaGraphSimulator graph, MetricoolSimulator metricool,
        TranscriptionSimulator transcription)
    {
        (Server, Cdn, Graph, Metricool, Transcription) = (server, cdn, graph, metricool, transcription);
    }

    public SimulatorServer Server { get; }
    public MetaCdnSimulator Cdn { get; }
    public MetaGraphSimulator Graph { get; }
    public MetricoolSimulator Metricool { get; }
    public TranscriptionSimulator Transcription { get; }

    public static async Task<DemoEnvironment> StartAsync(int port, CancellationToken cancellationToken)
    {
        var cdn = DemoCreatives.Cdn();
        var graph = new MetaGraphSimulator(cdn) { AccessToken = "demo_graph_token" };
        var metricool = new MetricoolSimulator { Token = MetricoolToken };
        var transcription = new TranscriptionSimulator { ApiKey = TranscriptionKey };
        var server = await SimulatorServer.StartAsync(app =>
        {
            app.MapMetaCdnSimulator("/cdn", cdn);
            app.MapMetaGraphSimulator("/graph", graph);
            app.MapMetricoolSimulator("/metricool", metricool);
            app.MapTranscriptionSimulator("/openai", transcription);
        }, port, cancellationToken);
        return new DemoEnvironment(server, cdn, graph, metricool, transcription);
    }

    /// <summary>
    /// Settings that point a node at demo simulators running at <paramref name="simulators"/> (this
    /// process's, or another node's when several nodes join one demo). Anything the user set
    /// explicitly (environment, arguments) still wins.
    /// </summary>
    /// <summary>The tenant that owns everything the demo makes.</summary>
    public const string Tenant = "demo";

    public static Dictionary<string, string?> Settings(Uri simulators, string mediaRoot) => new(DemoCreatives.Settings(simulators))
    {
        ["SILO_ADMIN_KEY"] = AdminKey,
        ["Silo:Media:AllowedHosts:0"] = $"127.0.0.1:{simulators.Port}",
        ["Silo:Media:AllowLoopbackForTesting"] = "true",
        ["Silo:Media:Storage:Root"] = mediaRoot,
        ["Silo:Meta:AppSecret"] = AppSecret,
        ["Silo:Meta:VerifyToken"] = "demo_verify_token",
        ["Silo:Meta:AccessToken"] = "demo_graph_token",
        ["Silo:Meta:GraphBaseUrl"] = new Uri(simulators, "graph").ToString(),
        // What the demo tenant owns, as an operator gives it (README, "Tenants"): every item the demo makes is demo's,
        // including the Story batches its bootstrap key publishes to blog 1001.
        [$"Silo:Tenants:{Tenant}:FacebookPages:0"] = PageId,
        [$"Silo:Tenants:{Tenant}:FacebookPages:1"] = BackfillPageId,
        [$"Silo:Tenants:{Tenant}:MetricoolBlogs:0"] = "1001",
        [$"Silo:Tenants:{Tenant}:AdAccounts:0"] = DemoAdAccount.AccountId,
        ["Silo:Publishing:Metricool:BaseUrl"] = new Uri(simulators, "metricool").ToString(),
        ["Silo:Publishing:Metricool:Token"] = MetricoolToken,
        // A Story batch a minute (about 4,300 clips a day) to a simulated brand: far past a real account's daily limit,
        // which would refuse the demo's batches after half an hour.
        ["Silo:Publishing:DailyPostLimit"] = "0",
        ["Silo:Transcription:Enabled"] = "true",
        ["Silo:Transcription:BaseUrl"] = new Uri(simulators, "openai/v1").ToString(),
        ["Silo:Transcription:ApiKey"] = TranscriptionKey,
        ["Silo:Transcription:Language"] = "es",
    };

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
