using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Publishing.Batches;
using Silo.Publishing.Metricool;
using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Publishing.Tests.Support;

/// <summary>Starts real nodes wired to a Metricool simulator, with fast polls so tests finish quickly.</summary>
public static class PublishingNode
{
    /// <summary>
    /// A node of <paramref name="role"/>; <paramref name="clock"/> (a FakeTimeProvider) becomes Silo's
    /// clock, never Orleans' own, so the cluster's timers and reminders keep running on real time.
    /// </summary>
    public static Task<TestNode> StartAsync(TestDatabase database, MetricoolSimulatorHost metricool,
        IDictionary<string, string?>? settings = null, UploadGate? gate = null, SiloRole role = SiloRole.All, TimeProvider? clock = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Silo:Publishing:ConfirmationPollInterval"] = "00:00:00.100",
            ["Silo:Publishing:LookupDelay"] = "00:00:00.100",
            ["Silo:Publishing:StepBackstopPeriod"] = "00:00:01",
            ["Silo:Publishing:Metricool:BaseUrl"] = metricool.BaseUrl,
            ["Silo:Publishing:Metricool:Token"] = MetricoolSimulatorHost.Token,
            ["Silo:Publishing:Metricool:ReadRetryDelay"] = "00:00:00.020",
            ["Silo:Publishing:Metricool:CreateTimeout"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        return TestNode.StartAsync(database.ConnectionString, role, values, services =>
        {
            if (gate is not null) services.AddHttpClient<MetricoolClient>().AddHttpMessageHandler(() => new UploadGateHandler(gate));
            if (clock is not null) services.AddKeyedSingleton(SiloClock.Key, clock);
        });
    }

    /// <summary>Posts a batch of <paramref name="count"/> clips (urls https://cdn.test/clip-{prefix}-{i}.mp4) and returns its id.</summary>
    public static async Task<string> PublishAsync(this TestNode node, string prefix, int count, string mode = "now",
        string? scheduledFor = null, bool stopOnFailure = false)
    {
        using var client = node.AdminClient();
        var response = await client.PostAsJsonAsync("/api/metricool/publish/stories", new
        {
            accountId = "4242", userId = "user-1", mode, scheduledFor, stopOnFailure,
            clips = Enumerable.Range(0, count).Select(i => new { url = ClipUrl(prefix, i), title = $"Part {i + 1}" }),
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<BatchIdBody>())!.BatchId;
    }

    public static string ClipUrl(string prefix, int index) => $"https://cdn.test/clip-{prefix}-{index}.mp4";

    public static async Task<BatchView> StatusAsync(this TestNode node, string batchId)
    {
        using var client = node.AdminClient();
        return (await client.GetFromJsonAsync<BatchView>($"/api/metricool/status?batchId={batchId}"))!;
    }

    public static Task UntilBatchAsync(this TestNode node, string batchId, Func<BatchView, bool> condition, string because,
        TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () => condition(await node.StatusAsync(batchId)), because, timeout);

    public static async Task CommandAsync(this TestNode node, string batchId, string command)
    {
        using var client = node.AdminClient();
        (await client.PostAsync($"/api/metricool/batches/{batchId}/{command}", null)).EnsureSuccessStatusCode();
    }

    /// <summary>The batch grain's reminders stored in Orleans' reminder table.</summary>
    public static Task<long> RemindersAsync(this TestDatabase database, string batchId) =>
        database.ScalarAsync<long>("select count(*) from orleans_reminders where grain_id like '%/' || @k", ("k", batchId));

    private sealed record BatchIdBody(string BatchId);
}
