using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

/// <summary>A full disk under the filesystem store (a real tmpfs): its own alert, the post retried, and archived once space is freed.</summary>
public sealed class StorageFullTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Archive_DiskFull_StorageFullAlertRetriedAndArchivedOnceSpaceIsFreed()
    {
        await using var disk = await TinyDisk.MountAsync(sizeBytes: 1024 * 1024);
        var filler = Path.Combine(disk.Path, "filler.bin");
        await File.WriteAllBytesAsync(filler, new byte[new DriveInfo(disk.Path).AvailableFreeSpace - 64 * 1024], Ct);
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Media:Storage:Root"] = disk.Path, ["Silo:Media:RetryBaseDelay"] = "00:00:01", ["Silo:Media:RetryMaxDelay"] = "00:00:02",
        });
        var png = TestMedia.Png(30, 20, 200_000, seed: 601);
        world.Cdn.AddFile("p601.png", png, "image/png");

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_601", "Full disk", world.Cdn.SignedUrl("p601.png"))));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<bool>("""
            select status = 'error' and last_error->>'type' = 'storage_full' and next_retry_at is not null
              from posts where post_id = 'fb:100200_601'
            """), "the post failed for a full store and waits for its retry");

        using var client = world.Node.AdminClient();
        var open = (await client.GetFromJsonAsync<JsonElement>("/api/alerts?resolved=false", Ct)).EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["storage_full"], open);
        var failures = await client.GetFromJsonAsync<JsonElement>("/api/posts/failures", Ct);
        var storage = Assert.Single(failures.EnumerateArray(), g => g.GetProperty("reason").GetString() == "storage");
        Assert.Equal(["storage_full"], storage.GetProperty("errorTypes").EnumerateArray().Select(t => t.GetString()));

        File.Delete(filler);
        await world.UntilStatusAsync("fb:100200_601", "success");

        Assert.Equal(png, await File.ReadAllBytesAsync(Directory.GetFiles(disk.Path, "*.png", SearchOption.AllDirectories).Single(), Ct));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'storage_full' and not resolved"));
    }
}
