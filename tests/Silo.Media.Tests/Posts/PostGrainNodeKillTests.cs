using System.Net;
using Silo.Media.Tests.Support;
using Silo.Hosting.Hosting;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

/// <summary>
/// A post's download interrupted by a SIGKILL of the silo doing it (real `silo` processes in one
/// database): once the cluster declares it dead, the post's reminder resumes the work on the other
/// silo, and content addressing leaves exactly one stored object.
/// </summary>
public sealed class PostGrainNodeKillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int ImageBytes = 1024 * 1024;
    private const int StallAfterBytes = 256 * 1024;

    [Fact]
    public async Task Archive_SiloKilledMidDownload_OtherSiloArchivesOnceWithOneStoredObject()
    {
        await using var world = await MediaWorld.StartAsync(database, startNode: false);
        var png = TestMedia.Png(1200, 900, ImageBytes, seed: 701);
        var sha = TestMedia.Sha256(png);
        world.Cdn.AddFile("kill701.png", png, "image/png");
        world.Cdn.Faults.StallBodyAfterBytes = StallAfterBytes;

        // The victim is the only silo when the post arrives, so its grain runs there; the in-process
        // node is a gateway (an Orleans client) that only accepts the webhook.
        await using var victim = world.StartSiloProcess();
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 1, "the victim joined", TimeSpan.FromSeconds(60));
        await world.StartNodeAsync(role: SiloRole.Gateway);
        var response = await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_701", "Mid-download", world.Cdn.SignedUrl("kill701.png"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.UntilAsync(() => world.Cdn.StalledBodies == 1, "the victim is mid-download", TimeSpan.FromSeconds(60));
        Assert.Equal("downloading", await world.StatusAsync("fb:100200_701"));
        await using var survivor = world.StartSiloProcess();
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 2, "the survivor joined", TimeSpan.FromSeconds(60));
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        world.Cdn.Faults.StallBodyAfterBytes = 0;

        await world.UntilStatusAsync("fb:100200_701", "success", TimeSpan.FromSeconds(60));
        Assert.Equal(2, world.Cdn.RequestCount("kill701.png")); // the victim's half download and the survivor's whole one
        Assert.Equal(2, await database.ScalarAsync<int>("select attempts from posts where post_id = 'fb:100200_701'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from media_attempts where post_id = 'fb:100200_701'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", sha)));
        Assert.Equal(1, await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", sha)));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from post_media where sha256 = @s", ("s", sha)));
        var stored = Assert.Single(Directory.GetFiles(world.MediaRoot, "*", SearchOption.AllDirectories));
        Assert.Contains(sha, Path.GetFileName(stored), StringComparison.Ordinal);
        Assert.Equal(png, await File.ReadAllBytesAsync(stored, TestContext.Current.CancellationToken));
        // The work is over, so its reminder goes with it.
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'post/fb:100200_701'") == 0, "the post's reminder is removed");
    }
}
