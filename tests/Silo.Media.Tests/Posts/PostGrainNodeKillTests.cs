using System.Net;
using Silo.Media.Tests.Support;
using Silo.Hosting.Hosting;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

/// <summary>
/// A post's download interrupted by a SIGKILL of the node doing it: the turn runs again on another
/// node (real `silo` processes), and content addressing leaves exactly one stored object.
/// </summary>
public sealed class PostGrainNodeKillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int ImageBytes = 1024 * 1024;
    private const int StallAfterBytes = 256 * 1024;

    [Fact]
    public async Task Archive_NodeKilledMidDownload_AnotherNodeArchivesWithOneStoredObject()
    {
        // The in-process node only accepts webhooks; grains run in the silo processes.
        await using var world = await MediaWorld.StartAsync(database, role: SiloRole.Gateway);
        var png = TestMedia.Png(1200, 900, ImageBytes, seed: 701);
        var sha = TestMedia.Sha256(png);
        world.Cdn.AddFile("kill701.png", png, "image/png");
        world.Cdn.Faults.StallBodyAfterBytes = StallAfterBytes;

        await using var victim = StartSiloProcess(world);
        await Eventually.UntilAsync(async () => await LiveSilosAsync() == 1, "the victim joined", TimeSpan.FromSeconds(60));
        var response = await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_701", "Mid-download", world.Cdn.SignedUrl("kill701.png"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.UntilAsync(() => Task.FromResult(world.Cdn.StalledBodies == 1), "the victim is mid-download", TimeSpan.FromSeconds(60));
        Assert.Equal("downloading", await world.StatusAsync("fb:100200_701"));
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        world.Cdn.Faults.StallBodyAfterBytes = 0;
        await using var survivor = StartSiloProcess(world);

        await world.UntilStatusAsync("fb:100200_701", "success", TimeSpan.FromSeconds(60));
        Assert.Equal(2, world.Cdn.RequestCount("kill701.png")); // the victim's half download and the survivor's whole one
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", sha)));
        Assert.Equal(1, await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", sha)));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from post_media where sha256 = @s", ("s", sha)));
        var stored = Assert.Single(Directory.GetFiles(world.MediaRoot, "*", SearchOption.AllDirectories));
        Assert.Contains(sha, Path.GetFileName(stored), StringComparison.Ordinal);
        Assert.Equal(png, await File.ReadAllBytesAsync(stored, TestContext.Current.CancellationToken));
    }

    private Task<long> LiveSilosAsync() =>
        database.ScalarAsync<long>("select count(*) from silo_nodes where stopped_at is null and role = 'silo'");

    /// <summary>The real `silo` executable (src/Silo.Host), role silo, with this world's settings as arguments.</summary>
    private NodeProcess StartSiloProcess(MediaWorld world)
    {
        var args = new List<string> { "run", "--role", "silo", $"--ConnectionStrings:Silo={database.ConnectionString}", "--Urls=http://127.0.0.1:0" };
        args.AddRange(world.NodeSettings().Select(s => $"--{s.Key}={s.Value}"));
        return NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"), [.. args]);
    }
}
