using System.Net;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Scrub;

/// <summary>
/// A scrub whose node stops mid-run (one file a step, read slowly through the node's byte budget) is resumed by the next
/// node from its stored cursor: every file checked exactly once, the run done, nothing found on an intact store.
/// </summary>
public sealed class ScrubResumeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scrub_NodeStoppedMidRun_NextNodeResumesFromTheCursorAndChecksEachFileOnce()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Media:Scrub:Interval"] = "00:00:00",
            ["Silo:Media:Scrub:FilesPerStep"] = "1",
            ["Silo:Media:Scrub:BytesPerSecond"] = "4096", // about a second per file: the run is still going when its node stops
            ["Silo:Media:Scrub:ReminderPeriod"] = "00:00:01",
        };
        await using var world = await MediaWorld.StartAsync(database, settings);
        var files = Enumerable.Range(0, 5).Select(i => (Post: $"100200_92{i}", Name: $"s92{i}.png", Bytes: TestMedia.Png(20 + i, 20, 4000, seed: 920 + i))).ToList();
        foreach (var f in files) world.Cdn.AddFile(f.Name, f.Bytes, "image/png");
        await world.SendWebhookAsync(PageFeed("100200", [.. files.Select(f => new FeedValue("photo", f.Post, "Resumed", world.Cdn.SignedUrl(f.Name)))]));
        foreach (var f in files) await world.UntilStatusAsync($"fb:{f.Post}", "success");
        var stored = await database.ScalarAsync<long>("select count(*) from media_files");

        using (var admin = world.Node.AdminClient())
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/media/scrubs", null, Ct)).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select files_checked from scrubs") >= 1, "a first file is checked");
        await world.Nodes[0].DisposeAsync();
        world.Nodes.Clear();
        var checkedBefore = await database.ScalarAsync<int>("select files_checked from scrubs");
        Assert.True(checkedBefore < stored, $"the run was stopped midway ({checkedBefore} of {stored} files checked)");

        await world.StartNodeAsync(settings);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<string>("select status from scrub_runs where run = 1") == "done",
            "the next node ends the run", TimeSpan.FromSeconds(60));

        Assert.Equal((int)stored, await database.ScalarAsync<int>("select files_checked from scrub_runs where run = 1"));
        Assert.Equal(await database.ScalarAsync<long>("select sum(size)::bigint from media_files"),
            await database.ScalarAsync<long>("select bytes_checked from scrub_runs where run = 1"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from scrub_findings"));
    }
}
