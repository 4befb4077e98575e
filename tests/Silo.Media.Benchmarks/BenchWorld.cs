using System.Text;
using Silo.Simulators;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;
using Silo.Simulators.Patreon;
using Silo.Simulators.VideoSite;
using Silo.Testing;

namespace Silo.Media.Benchmarks;

/// <summary>
/// A fresh migrated database, the Meta CDN, Graph, Patreon and video site simulators on loopback and N `silo` node processes sharing
/// that database and a filesystem store in a temporary folder. Disposing drops all of it.
/// </summary>
public sealed class BenchWorld : IAsyncDisposable
{
    public const string AppSecret = "bench_app_secret_7d1e";
    public const string PageId = "100200";

    private readonly IReadOnlyDictionary<string, string> _extraSettings;

    public const string AdminKey = "bench_admin_key_0123456789abcdef";
    public const string GraphToken = "bench_graph_token";
    public const string PatreonToken = "bench_patreon_token";

    private BenchWorld(TestDatabase database, SimulatorServer simulators, MetaCdnSimulator cdn, MetaGraphSimulator graph,
        PatreonSimulator patreon, VideoSiteSimulator site, IReadOnlyDictionary<string, string> extraSettings)
    {
        (Database, Simulators, Cdn, Graph, Patreon, Site, _extraSettings) = (database, simulators, cdn, graph, patreon, site, extraSettings);
    }

    public TestDatabase Database { get; }
    public SimulatorServer Simulators { get; }
    public MetaCdnSimulator Cdn { get; }
    public MetaGraphSimulator Graph { get; }
    public PatreonSimulator Patreon { get; }
    public VideoSiteSimulator Site { get; }
    public string MediaRoot { get; } = Path.Combine(Path.GetTempPath(), $"silo-media-bench-{Guid.NewGuid():N}");
    public List<BenchNode> Nodes { get; } = [];

    public static async Task<BenchWorld> StartAsync(int latencyMs, IReadOnlyDictionary<string, string> extraSettings, CancellationToken cancellationToken)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        var cdn = new MetaCdnSimulator();
        cdn.Faults.LatencyMs = latencyMs;
        var graph = new MetaGraphSimulator(cdn) { AccessToken = GraphToken };
        var patreon = new PatreonSimulator(cdn) { AccessToken = PatreonToken };
        var site = new VideoSiteSimulator();
        var simulators = await SimulatorServer.StartAsync(app =>
        {
            app.MapMetaCdnSimulator("/cdn", cdn);
            app.MapMetaGraphSimulator("/graph", graph);
            app.MapPatreonSimulator("/patreon", patreon);
            app.MapVideoSiteSimulator("/site", site);
        }, cancellationToken: cancellationToken);
        return new BenchWorld(database, simulators, cdn, graph, patreon, site, extraSettings);
    }

    public async Task StartNodesAsync(int count, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Silo"] = Database.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Silo:Media:AllowedHosts:0"] = $"127.0.0.1:{Simulators.Address.Port}",
            ["Silo:Media:AllowLoopbackForTesting"] = "true",
            ["Silo:Media:Storage:Root"] = MediaRoot,
            ["Silo:Meta:AppSecret"] = AppSecret,
            ["Silo:Meta:AccessToken"] = GraphToken,
            ["Silo:Meta:GraphBaseUrl"] = Simulators.Url("graph").ToString(),
            ["Silo:Patreon:BaseUrl"] = Simulators.Url("patreon").ToString(),
            ["Silo:Patreon:AccessToken"] = PatreonToken,
            // yt-dlp reads the video site simulator for a YouTube embed's details and subtitles (its generic extractor).
            ["Silo:Media:YtDlp:Hosts:0"] = $"127.0.0.1:{Simulators.Address.Port}",
            ["Silo:Media:YtDlp:FetchHosts:0"] = $"127.0.0.1:{Simulators.Address.Port}",
            ["Silo:Media:YtDlp:Extractors"] = "generic,html5",
            ["SILO_ADMIN_KEY"] = AdminKey,
        };
        foreach (var (key, value) in _extraSettings) settings[key] = value;
        for (var i = 0; i < count; i++) Nodes.Add(await BenchNode.StartAsync(settings, cancellationToken));
    }

    /// <summary>A signed page feed delivery for one photo post whose image is <paramref name="fileName"/> on the CDN.</summary>
    public HttpRequestMessage PhotoWebhook(string postId, string fileName) => Webhook(MetaWebhookPayloads.PageFeed(PageId,
        new MetaWebhookPayloads.FeedValue("photo", $"{PageId}_{postId}", "Benchmark post", Cdn.SignedUrl(fileName))));

    /// <summary>A signed delivery for a story (no message): accepted and stored, then skipped by the post grain without downloading.</summary>
    public static HttpRequestMessage StoryWebhook(string postId) => Webhook(MetaWebhookPayloads.PageFeed(PageId,
        new MetaWebhookPayloads.FeedValue("status", $"{PageId}_{postId}", Message: null)));

    public HttpRequestMessage VideoWebhook(string postId, string fileName) => Webhook(MetaWebhookPayloads.PageFeed(PageId,
        new MetaWebhookPayloads.FeedValue("video", $"{PageId}_{postId}", "Benchmark video", Cdn.SignedUrl(fileName))));

    private static HttpRequestMessage Webhook(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", MetaWebhookPayloads.Sign(body, AppSecret));
        return request;
    }

    public static string PostKey(string postId) => $"fb:{PageId}_{postId}";

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        await Simulators.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(MediaRoot)) Directory.Delete(MediaRoot, recursive: true);
    }
}
