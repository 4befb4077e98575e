using System.Net.Http.Json;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Silo.Gateway.Auth;
using Silo.Simulators;
using Silo.Simulators.Metricool;
using Silo.Testing;

namespace Silo.Gateway.Tests.Grpc;

/// <summary>
/// One node for the gRPC surface tests, reached over its h2c listener: Metricool's simulator with fast
/// polls (a test holds confirmations with <see cref="Metricool"/>'s faults), a stub ad account of tenant
/// <c>acme</c> (1 campaign, 1 ad set, 1 ad) discovered, and keys of <c>acme</c> and <c>globex</c>.
/// </summary>
public sealed class GrpcWorld : IAsyncLifetime
{
    private const string MetricoolToken = "grpc-world-token";
    public const string AccountId = "act_4100";

    private SimulatorServer _simulators = null!;

    public TestDatabase Database { get; } = new();
    public TestNode Node { get; private set; } = null!;
    public MetricoolSimulator Metricool { get; } = new() { Token = MetricoolToken };
    public GrpcChannel Channel { get; private set; } = null!;
    public ErrorLogs Errors { get; } = new();
    public string AcmeManager { get; private set; } = "";
    public string AcmeReader { get; private set; } = "";
    public string GlobexManager { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        try
        {
            await Database.InitializeAsync();
            _simulators = await SimulatorServer.StartAsync(app => app.MapMetricoolSimulator("/metricool", Metricool));
            var settings = GrpcCalls.H2c(out var h2c, new Dictionary<string, string?>
            {
                ["Silo:Publishing:Metricool:BaseUrl"] = _simulators.Url("metricool").ToString(),
                ["Silo:Publishing:Metricool:Token"] = MetricoolToken,
                ["Silo:Publishing:ConfirmationPollInterval"] = "00:00:00.100",
                ["Silo:Publishing:LookupDelay"] = "00:00:00.100",
                ["Silo:Publishing:StepBackstopPeriod"] = "00:00:01",
                ["Silo:Insights:Mode"] = "stub",
                ["Silo:Insights:SyncEnabled"] = "false",
                ["Silo:Insights:StubCampaigns"] = "1",
                ["Silo:Insights:StubAdSetsPerCampaign"] = "1",
                ["Silo:Insights:StubAdsPerAdSet"] = "1",
                ["Silo:Insights:SyncNowWait"] = "00:00:30",
                ["Silo:Meta:GraphBaseUrl"] = "http://127.0.0.1:9/",
                // acme's Metricool blog, as the operator gives it (Silo:Tenants): acme's keys publish to it.
                ["Silo:Tenants:acme:MetricoolBlogs:0"] = "4242",
            });
            Node = await TestNode.StartAsync(Database.ConnectionString, settings: settings, services: s => s.AddSingleton<ILoggerProvider>(Errors));
            Channel = GrpcCalls.Channel(h2c);
            var keys = Node.Services.GetRequiredService<ApiKeyStore>();
            AcmeManager = (await keys.CreateAsync("acme-manager", "acme", [Permissions.Manager], default)).Secret;
            AcmeReader = (await keys.CreateAsync("acme-reader", "acme", [Permissions.AnalyticsRead], default)).Secret;
            GlobexManager = (await keys.CreateAsync("globex-manager", "globex", [Permissions.Manager], default)).Secret;

            using var admin = Node.AdminClient();
            var connected = await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = AccountId, tenant = "acme", name = "acme ads" });
            connected.EnsureSuccessStatusCode();
            await Eventually.UntilAsync(async () =>
                await Database.ScalarAsync<long>("select count(*) from ad_entities where account_id = @a", ("a", AccountId)) == 3,
                "discovery stored the stub account's campaign, ad set and ad");
        }
        catch
        {
            // What started before the failure is disposed here: a fixture that failed to start may never be.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        Channel = null!;
        var node = Node;
        Node = null!;
        await Teardown.DisposeAllAsync(node, Interlocked.Exchange(ref _simulators, null!), Database);
    }
}
