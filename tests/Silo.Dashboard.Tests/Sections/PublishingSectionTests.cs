using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Sections;

/// <summary>
/// The Publishing section against the real publishing module: batches are posted through
/// <c>POST /api/metricool/publish/stories</c> and published by the real grain to the Metricool simulator.
/// </summary>
public sealed class PublishingSectionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("skip", "skipped")]
    [InlineData("retry", "published")]
    public async Task GetPublishing_ClipLeftUnconfirmed_ListedUntilTheDashboardsDecisionThenBatchCompletes(string action, string clipAfter)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var metricool = await MetricoolServer.StartAsync();
        // The create answers 500 after storing the post and every lookup fails: the grain cannot
        // tell whether the clip exists, so it leaves it unconfirmed and pauses the batch.
        metricool.Simulator.SetFaults(f => { f.ServerErrorsAfterCreate = 1; f.ReadServerErrors = 1000; });
        await using var node = await DashboardNode.StartAsync(database, metricool.NodeSettings());
        var batchId = await MetricoolServer.PublishAsync(node, $"unconfirmed-{action}", 3);

        JsonElement batch = default;
        await Eventually.UntilAsync(async () =>
        {
            var section = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/publishing", ct);
            batch = section.GetProperty("active_batches").EnumerateArray().FirstOrDefault(b => b.GetProperty("batch_id").GetString() == batchId);
            // The clip is marked unconfirmed by one step and the batch pauses for a person at the next
            // (two writes of the grain): wait for both.
            return section.GetProperty("unconfirmed_clips").EnumerateArray().Any(c => c.GetProperty("batch_id").GetString() == batchId)
                && batch.ValueKind == JsonValueKind.Object && batch.GetProperty("status").GetString() == "paused";
        }, "the dashboard lists the unconfirmed clip of the paused batch", TimeSpan.FromSeconds(60));

        Assert.Equal("paused", batch.GetProperty("status").GetString());
        Assert.Equal(["unconfirmed", "pending", "pending"], batch.GetProperty("clips").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        Assert.Equal([0, 1, 2], batch.GetProperty("clips").EnumerateArray().Select(c => c.GetProperty("index").GetInt32()));

        // What the page's Resume / Skip buttons send.
        metricool.Simulator.SetFaults(f => f.ReadServerErrors = 0);
        using var decided = await node.AdminClient().PostAsync($"/api/metricool/batches/{batchId}/resume?action={action}", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);

        await Eventually.UntilAsync(async () =>
        {
            var section = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/publishing", ct);
            return section.GetProperty("active_batches").EnumerateArray().All(b => b.GetProperty("batch_id").GetString() != batchId);
        }, "the batch leaves the active list", TimeSpan.FromSeconds(60));
        var clips = await database.ScalarAsync<string>(
            "select string_agg(status, ',' order by clip_index) from publish_batch_clips where batch_id = @b", ("b", batchId));
        Assert.Equal($"{clipAfter},published,published", clips);
        Assert.Equal("completed", await database.ScalarAsync<string>("select status from publish_batches where batch_id = @b", ("b", batchId)));
        Assert.Equal(1, metricool.Simulator.CreatedCount($"https://cdn.test/unconfirmed-{action}-0.mp4"));
    }
}
