using System.Net.Http.Json;
using Silo.Simulators;
using Silo.Simulators.Metricool;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Support;

/// <summary>
/// The Metricool simulator on its own loopback server, and the settings that point a node's real
/// publishing module at it (fast confirmation polls and lookups so batches move within a test).
/// </summary>
public sealed class MetricoolServer : IAsyncDisposable
{
    public const string Token = "dashboard-test-metricool-token";

    private readonly SimulatorServer _server;

    private MetricoolServer(SimulatorServer server, MetricoolSimulator simulator)
    {
        _server = server;
        Simulator = simulator;
    }

    public MetricoolSimulator Simulator { get; }

    public static async Task<MetricoolServer> StartAsync()
    {
        var simulator = new MetricoolSimulator { Token = Token };
        var server = await SimulatorServer.StartAsync(app => app.MapMetricoolSimulator("/metricool", simulator));
        return new MetricoolServer(server, simulator);
    }

    public Dictionary<string, string?> NodeSettings(TimeSpan? confirmationPoll = null) => new()
    {
        ["Silo:Publishing:Metricool:BaseUrl"] = _server.Url("metricool").ToString(),
        ["Silo:Publishing:Metricool:Token"] = Token,
        ["Silo:Publishing:Metricool:ReadRetries"] = "1",
        ["Silo:Publishing:Metricool:ReadRetryDelay"] = "00:00:00.020",
        ["Silo:Publishing:ConfirmationPollInterval"] = (confirmationPoll ?? TimeSpan.FromMilliseconds(100)).ToString("c"),
        ["Silo:Publishing:LookupDelay"] = "00:00:00.100",
        // The test keys' tenant (Keys) publishes to these blogs, as the operator gives them (Silo:Tenants).
        ["Silo:Tenants:tenant-a:MetricoolBlogs:0"] = "1001",
        ["Silo:Tenants:tenant-a:MetricoolBlogs:1"] = "1002",
        ["Silo:Tenants:tenant-a:MetricoolBlogs:2"] = "1003",
    };

    /// <summary>Posts a Story batch through the real route, as a person or the demo does, and returns its id.</summary>
    public static async Task<string> PublishAsync(TestNode node, string prefix, int clips)
    {
        using var client = node.AdminClient();
        using var response = await client.PostAsJsonAsync("/api/metricool/publish/stories", new
        {
            accountId = "4242", userId = "dashboard-test", mode = "now",
            clips = Enumerable.Range(0, clips).Select(i => new { url = $"https://cdn.test/{prefix}-{i}.mp4", title = $"Part {i + 1}" }),
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Accepted>())!.BatchId;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed record Accepted(string BatchId);
}
