using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The Story batches pages in headless Chromium (tests/browser/batches.test.mjs) over batches the
/// real publishing module runs against the Metricool simulator: every batch in a filterable table,
/// a batch's page following a running batch to completed over the SSE stream, a manager's Pause,
/// Resume and Cancel, a manager's publish form refused bad input with the API's messages and then
/// storing a batch, and an analytics:read key seeing no command nor form and refused when it calls one.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserBatchesTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batches_InHeadlessChromium_FollowARunningBatchAndSteerAnother()
    {
        var root = BrowserTests.RepositoryRoot();
        await using var metricool = await MetricoolServer.StartAsync();
        // Clips wait for Metricool's confirmation until the browser script lifts the delay: the batch is seen running first.
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        var settings = metricool.NodeSettings(confirmationPoll: TimeSpan.FromMilliseconds(200));
        // The running batch's first clip waits for the whole script up to the lift: 12 s of checks (the default 60) ran out on a loaded machine.
        settings["Silo:Publishing:ConfirmationMaxTries"] = "600";
        await using var node = await DashboardNode.StartAsync(database, settings);
        var manager = await Keys.CreateAsync(node, Permissions.Manager);
        var reader = await Keys.CreateAsync(node, Permissions.AnalyticsRead);
        using var client = node.ClientWithKey(manager);
        var running = await PublishAsync(client, "running", "1001", 3);
        var steered = await PublishAsync(client, "steered", "1002", 2);

        var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "batches.test.mjs"),
            node.Address.ToString(), manager, reader, settings["Silo:Publishing:Metricool:BaseUrl"]!, running, steered,
            Path.Combine(root, "artifacts", "dashboard-screenshots", "batches")], root, expectModules: false);
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
        Assert.Equal("completed", await database.ScalarAsync<string>("select status from publish_batches where batch_id = @b", ("b", running)));
        Assert.Equal("cancelled", await database.ScalarAsync<string>("select status from publish_batches where batch_id = @b", ("b", steered)));
        // The form's batch, as the page sent it: account, user, mode, the clips in their order with their titles.
        var created = System.Text.RegularExpressions.Regex.Match(output, "^created batch (\\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal("1003 user-form now", await database.ScalarAsync<string>(
            "select account_id || ' ' || user_id || ' ' || publish_mode from publish_batches where batch_id = @b", ("b", created)));
        Assert.Equal("https://cdn.test/form-1.mp4 Part 1|https://cdn.test/form-2.mp4 Part 2", await database.ScalarAsync<string>(
            "select string_agg(clip_url || ' ' || clip_title, '|' order by clip_index) from publish_batch_clips where batch_id = @b", ("b", created)));
        Assert.Equal(3L, await database.ScalarAsync<long>("select count(*) from publish_batches"));
    }

    private static async Task<string> PublishAsync(HttpClient client, string prefix, string account, int clips)
    {
        using var response = await client.PostAsJsonAsync("/api/metricool/publish/stories", new
        {
            accountId = account, userId = $"user-{prefix}", mode = "now",
            clips = Enumerable.Range(0, clips).Select(i => new { url = $"https://cdn.test/{prefix}-{i}.mp4", title = $"{prefix} part {i + 1}" }),
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("batchId").GetString()!;
    }
}
