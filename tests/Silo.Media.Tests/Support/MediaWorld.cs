using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Hosting.Hosting;
using Silo.Simulators;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;
using Silo.Simulators.Patreon;
using Silo.Simulators.VideoSite;
using Silo.Testing;

namespace Silo.Media.Tests.Support;

/// <summary>
/// A real node on a test database, with the CDN and Graph simulators on one loopback server and a
/// filesystem store in a temporary folder. The loopback exception names exactly the simulator's endpoint.
/// </summary>
/// <remarks>
/// Starting a node costs about 1.7 s of CPU, so a class's tests share its world while they ask for the
/// same settings: a test's <c>await using</c> hands the world back (its simulators' faults and tokens
/// reset) rather than stopping it, and it stops with the class's database or when a test asks for other
/// settings. At most one world waits per database, since every node on a database is one Orleans cluster
/// and a second one would take a share of the next test's grains. Tests in a class run one at a time
/// and already share the database, so they use their own ids. A world a test reshaped (a second node)
/// is stopped, not handed back.
/// </remarks>
public sealed class MediaWorld : IAsyncDisposable
{
    private static readonly Dictionary<TestDatabase, MediaWorld> Idle = [];
    private string? _sharedAs;
    private bool _stopped;

    public const string AppSecret = "test_app_secret_5f2c";
    public const string VerifyToken = "test_verify_token";
    public const string AccessToken = "test_graph_token";
    public const string PatreonToken = "test_patreon_creator_token";

    private MediaWorld(TestDatabase database, SimulatorServer simulators, MetaCdnSimulator cdn, MetaGraphSimulator graph, VideoSiteSimulator site,
        PatreonSimulator patreon, string root)
    {
        (Database, Simulators, Cdn, Graph, Site, Patreon, MediaRoot) = (database, simulators, cdn, graph, site, patreon, root);
    }

    public TestDatabase Database { get; }
    public SimulatorServer Simulators { get; }
    public MetaCdnSimulator Cdn { get; }
    public MetaGraphSimulator Graph { get; }
    /// <summary>A video site yt-dlp reads like YouTube (details as JSON-LD, subtitles as HTML5 tracks).</summary>
    public VideoSiteSimulator Site { get; }
    /// <summary>Patreon's API v2 (its files on <see cref="Cdn"/>).</summary>
    public PatreonSimulator Patreon { get; }
    public string MediaRoot { get; }
    public List<TestNode> Nodes { get; } = [];
    public TestNode Node => Nodes[0];

    /// <summary>
    /// Starts the simulators and, unless <paramref name="startNode"/> is false, one in-process node; or, for
    /// one node of role all, hands out an idle world of this class with the same settings.
    /// </summary>
    public static async Task<MediaWorld> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null, SiloRole role = SiloRole.All,
        bool startNode = true)
    {
        if (!startNode || role != SiloRole.All) return await StartNewAsync(database, settings, role, startNode);
        var key = string.Join("\n", (settings ?? new Dictionary<string, string?>()).OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Key}={s.Value}"));
        MediaWorld? other;
        lock (Idle)
        {
            if (Idle.Remove(database, out other) && other._sharedAs == key) return other;
        }
        if (other is not null) await other.StopAsync();
        var world = await StartNewAsync(database, settings, role, startNode);
        world._sharedAs = key;
        database.DisposeWith(new Stopper(world));
        return world;
    }

    private static async Task<MediaWorld> StartNewAsync(TestDatabase database, IDictionary<string, string?>? settings, SiloRole role, bool startNode)
    {
        var cdn = new MetaCdnSimulator();
        var graph = new MetaGraphSimulator(cdn) { AccessToken = AccessToken };
        var site = new VideoSiteSimulator();
        var patreon = new PatreonSimulator(cdn) { AccessToken = PatreonToken };
        var simulators = await SimulatorServer.StartAsync(app =>
        {
            app.MapMetaCdnSimulator("/cdn", cdn);
            app.MapMetaGraphSimulator("/graph", graph);
            app.MapVideoSiteSimulator("/site", site);
            app.MapPatreonSimulator("/patreon", patreon);
        });
        var world = new MediaWorld(database, simulators, cdn, graph, site, patreon, Path.Combine(Path.GetTempPath(), $"silo-media-{Guid.NewGuid():N}"));
        if (startNode) await world.StartNodeAsync(settings, role);
        return world;
    }

    public async Task<TestNode> StartNodeAsync(IDictionary<string, string?>? settings = null, SiloRole role = SiloRole.All)
    {
        var values = NodeSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var node = await TestNode.StartAsync(Database.ConnectionString, role, values);
        Nodes.Add(node);
        return node;
    }

    /// <summary>The settings every node of this world runs with (in-process or as a <c>silo</c> process).</summary>
    public Dictionary<string, string?> NodeSettings() => new()
    {
        // Work a crash interrupted is resumed by the post's reminder within a second of another node owning it.
        ["Silo:Media:ArchiveReminderPeriod"] = "00:00:01",
        ["Silo:Media:AllowedHosts:0"] = $"127.0.0.1:{Simulators.Address.Port}",
        ["Silo:Media:AllowLoopbackForTesting"] = "true",
        // yt-dlp reads the video site simulator (and nothing else: the YouTube hosts are replaced) with its generic extractor,
        // which finds the player page's <video> through the html5 one.
        ["Silo:Media:YtDlp:Hosts:0"] = $"127.0.0.1:{Simulators.Address.Port}",
        ["Silo:Media:YtDlp:FetchHosts:0"] = $"127.0.0.1:{Simulators.Address.Port}",
        ["Silo:Media:YtDlp:Extractors"] = "generic,html5",
        ["Silo:Media:RetryBaseDelay"] = "00:00:00.100",
        ["Silo:Media:RetryMaxDelay"] = "00:00:00.300",
        ["Silo:Media:ResponseTimeout"] = "00:00:05",
        ["Silo:Media:Storage:Root"] = MediaRoot,
        ["Silo:Meta:AppSecret"] = AppSecret,
        ["Silo:Meta:VerifyToken"] = VerifyToken,
        ["Silo:Meta:AccessToken"] = AccessToken,
        ["Silo:Meta:GraphBaseUrl"] = Simulators.Url("graph").ToString(),
        ["Silo:Meta:Tenants:100200"] = "acme",
        ["Silo:Patreon:BaseUrl"] = Simulators.Url("patreon").ToString(),
        ["Silo:Patreon:AccessToken"] = PatreonToken,
    };

    /// <summary>
    /// The real `silo` executable (src/Silo.Host) as its own OS process, role silo, on its own ports, with this
    /// world's settings (and <paramref name="settings"/>) as arguments: for tests that SIGKILL a node.
    /// </summary>
    public NodeProcess StartSiloProcess(IDictionary<string, string?>? settings = null, SiloRole role = SiloRole.Silo)
    {
        var args = new List<string>
        {
            "run", "--role", role.ToString().ToLowerInvariant(), $"--ConnectionStrings:Silo={Database.ConnectionString}", "--Urls=http://127.0.0.1:0",
            $"--Silo:Cluster:SiloPort={FreePort.Next()}", $"--Silo:Cluster:GatewayPort={FreePort.Next()}",
            "--Silo:Cluster:MinimumReminderPeriod=00:00:01",
            "--Silo:Dashboard:OrleansDashboard=false", // as in-process test nodes (TestNode): its asset gzip and profiling cost CPU
        };
        var values = NodeSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        // A later argument wins: settings may give the node a known HTTP port (--Urls).
        args.AddRange(values.Select(s => $"--{s.Key}={s.Value}"));
        return NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"), [.. args]);
    }

    /// <summary>Silos Orleans' membership table counts as Active (SiloStatus.Active = 3).</summary>
    public Task<long> ActiveSilosAsync() => Database.ScalarAsync<long>("select count(*) from orleans_membership where status = 3");

    /// <summary>Posts a signed webhook delivery as Meta would.</summary>
    public Task<HttpResponseMessage> SendWebhookAsync(string body, string? signature = "sign") =>
        Node.Http.SendAsync(Webhook(body, signature), TestContext.Current.CancellationToken);

    /// <summary>A delivery as Meta sends it, signed with this world's app secret unless <paramref name="signature"/> says otherwise.</summary>
    public static HttpRequestMessage Webhook(string body, string? signature = "sign")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.Add("X-Hub-Signature-256", signature == "sign" ? MetaWebhookPayloads.Sign(body, AppSecret) : signature);
        return request;
    }

    /// <summary>Rows of a post still waiting in the intake (acknowledged, not yet stored by its grain).</summary>
    /// <summary>A new API key of <paramref name="tenant"/> with <paramref name="permission"/>; its secret.</summary>
    public async Task<string> KeyAsync(string tenant, string permission = Permissions.AnalyticsRead) =>
        (await Node.Services.GetRequiredService<ApiKeyStore>()
            .CreateAsync($"{tenant}-{permission}-{Guid.NewGuid():N}", tenant, [permission], CancellationToken.None)).Secret;

    public Task<long> InIntakeAsync(string postId) =>
        Database.ScalarAsync<long>("select count(*) from post_intake where post_id = @id", ("id", postId));

    /// <summary>Until every acknowledged change of a post has been handed to its grain (its intake rows are gone).</summary>
    public Task UntilPickedUpAsync(string postId, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () => await InIntakeAsync(postId) == 0, $"post {postId}'s changes are picked up", timeout);

    public async Task<JsonElement> GetPostAsync(string postId)
    {
        using var client = Node.AdminClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/posts/{Uri.EscapeDataString(postId)}", TestContext.Current.CancellationToken);
    }

    public async Task<string?> StatusAsync(string postId) =>
        await Database.ScalarAsync<string?>("select status from posts where post_id = @id", ("id", postId));

    public Task UntilStatusAsync(string postId, string status, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () => await StatusAsync(postId) == status, $"post {postId} is {status}", timeout);

    /// <summary>Hands a shared world back for the class's next test, or stops it.</summary>
    public ValueTask DisposeAsync()
    {
        if (_sharedAs is null || _stopped || Nodes.Count != 1) return StopAsync();
        ResetSimulators();
        lock (Idle)
        {
            if (Idle.TryAdd(Database, this)) return ValueTask.CompletedTask;
        }
        return StopAsync();
    }

    /// <summary>What one test may have switched on in the simulators, switched off for the next.</summary>
    private void ResetSimulators()
    {
        Cdn.Faults.Reset();
        Graph.Faults.CopyFrom(new MetaGraphFaults());
        Graph.AccessToken = AccessToken;
        Graph.AppSecret = null;
        Patreon.Faults.CopyFrom(new PatreonFaults());
        Patreon.AccessToken = PatreonToken;
    }

    /// <summary>Stops a shared world with its class's database (a test may still hold it if it failed midway).</summary>
    private sealed class Stopper(MediaWorld world) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (Idle)
                if (Idle.TryGetValue(world.Database, out var idle) && idle == world) Idle.Remove(world.Database);
            return world.StopAsync();
        }
    }

    private async ValueTask StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        foreach (var node in Nodes) await node.DisposeAsync();
        await Simulators.DisposeAsync();
        if (Directory.Exists(MediaRoot)) Directory.Delete(MediaRoot, recursive: true);
    }
}
