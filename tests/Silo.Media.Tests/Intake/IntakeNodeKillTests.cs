using System.Net;
using Silo.Hosting.Hosting;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Intake;

/// <summary>
/// A delivery acknowledged by a node that is SIGKILLed right after its 200 (real `silo` processes in one database):
/// the node's grains never stored it, yet the other node's shard picks its intake row up and archives the post once.
/// </summary>
public sealed class IntakeNodeKillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // Each shard's reminder ticks every second, so the survivor's shards find the row soon after the victim is declared dead.
    private static readonly Dictionary<string, string?> FastBackstop = new() { ["Silo:Media:Intake:ReminderPeriod"] = "00:00:01" };

    [Fact]
    public async Task Receive_NodeKilledRightAfterTheAcknowledgement_OtherNodeArchivesThePostOnce()
    {
        await using var world = await MediaWorld.StartAsync(database, startNode: false);
        var png = TestMedia.Png(16, 16, 4000, seed: 951);
        world.Cdn.AddFile("kill951.png", png, "image/png");

        // The victim answers HTTP and is the only silo, so the shards and the post's grain all run there.
        var port = FreePort.Next();
        await using var victim = world.StartSiloProcess(new Dictionary<string, string?>(FastBackstop) { ["Urls"] = $"http://127.0.0.1:{port}" },
            SiloRole.All);
        using var victimHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 1, "the victim joined", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(async () => await ReadyAsync(victimHttp), "the victim answers HTTP", TimeSpan.FromSeconds(60));
        await using var survivor = world.StartSiloProcess(FastBackstop);
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 2, "the survivor joined", TimeSpan.FromSeconds(60));

        var held = await PostWritesHeld.HoldAsync(database);
        try
        {
            var body = PageFeed("100200", new FeedValue("photo", "100200_951", "Acknowledged, then the node died", world.Cdn.SignedUrl("kill951.png")));
            var response = await victimHttp.SendAsync(MediaWorld.Webhook(body), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            victim.Kill();
            await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
            // Its grains could not store the post before the kill: the intake row is all there is.
            Assert.Equal(1L, await world.InIntakeAsync("fb:100200_951"));
        }
        finally { await held.DisposeAsync(); }

        await world.UntilStatusAsync("fb:100200_951", "success", TimeSpan.FromSeconds(90));
        await world.UntilPickedUpAsync("fb:100200_951");
        Assert.Equal(1, world.Cdn.RequestCount("kill951.png"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from posts where post_id = 'fb:100200_951'"));
        Assert.Equal(1, await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", TestMedia.Sha256(png))));
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try { return (await http.GetAsync("/readyz", TestContext.Current.CancellationToken)).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }
}
