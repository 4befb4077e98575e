// Publishes N batches of M clips concurrently through a real node (PostgreSQL, HTTP, Orleans grains) against
// the Metricool simulator, and prints JSON: wall time, clips per second, and the latency from a
// batch's creation to its completion. Usage: dotnet run -c Release -- [batches] [clipsPerBatch] [brands]
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Hosting.Hosting;
using Silo.Simulators.Metricool;
using Silo.Testing;

var batches = args.Length > 0 ? int.Parse(args[0]) : 20;
var clips = args.Length > 1 ? int.Parse(args[1]) : 10;
var brands = args.Length > 2 ? int.Parse(args[2]) : 10;

var database = new TestDatabase();
await database.InitializeAsync();
var simBuilder = WebApplication.CreateSlimBuilder();
simBuilder.WebHost.UseUrls("http://127.0.0.1:0");
simBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
var sim = simBuilder.Build();
var simulator = new MetricoolSimulator();
sim.MapMetricoolSimulator("/metricool", simulator);
await sim.StartAsync();

var pollInterval = TimeSpan.FromMilliseconds(100);
var node = await TestNode.StartAsync(database.ConnectionString, SiloRole.All, new Dictionary<string, string?>
{
    ["Silo:Publishing:ConfirmationPollInterval"] = pollInterval.ToString(),
    ["Silo:Publishing:Metricool:BaseUrl"] = sim.Urls.First() + "/metricool",
    ["Silo:Publishing:Metricool:Token"] = "bench",
    [TestNode.WithOrleansDashboard.Key] = TestNode.WithOrleansDashboard.Value, // as a node runs (tests switch it off)
});
using var client = node.AdminClient();

var clock = Stopwatch.StartNew();
var ids = await Task.WhenAll(Enumerable.Range(0, batches).Select(async b =>
{
    var response = await client.PostAsJsonAsync("/api/metricool/publish/stories", new
    {
        accountId = $"{b % brands}", userId = $"bench-{b}", mode = "now",
        clips = Enumerable.Range(0, clips).Select(c => new { url = $"https://cdn.test/{b}/{c}.mp4", title = $"{c}" }),
    });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetString()!;
}));
var accepted = clock.Elapsed;
await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
    "select count(*) from publish_batches where status = 'completed'") == batches, "every batch completes", TimeSpan.FromMinutes(30));
var wall = clock.Elapsed;

var latency = await database.ScalarAsync<string>("""
    select json_build_object('p50', percentile_cont(0.5) within group (order by s), 'p95', percentile_cont(0.95) within group (order by s),
                             'max', max(s))::text
      from (select extract(epoch from completed_at - created_at) s from publish_batches) x
    """);
var perClip = await database.ScalarAsync<double>(
    "select avg(extract(epoch from published_at - uploaded_at)) from publish_batch_clips");
var duplicates = simulator.Posts.GroupBy(p => p.Media[0]).Count(g => g.Count() > 1);

Console.WriteLine(JsonSerializer.Serialize(new
{
    benchmark = "publish-batches",
    batches,
    clipsPerBatch = clips,
    brands,
    confirmationPollMs = pollInterval.TotalMilliseconds,
    acceptSeconds = Math.Round(accepted.TotalSeconds, 3),
    wallSeconds = Math.Round(wall.TotalSeconds, 3),
    clipsPerSecond = Math.Round(batches * clips / wall.TotalSeconds, 1),
    batchSeconds = JsonDocument.Parse(latency).RootElement,
    meanUploadToPublishedSeconds = Math.Round(perClip, 3),
    postsCreated = simulator.Posts.Count,
    duplicatePosts = duplicates,
    processorCount = Environment.ProcessorCount,
}));

await node.DisposeAsync();
await sim.StopAsync();
await database.DisposeAsync();
