using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

/// <summary>Object names on each <c>KeyLayout</c>, with the SHA-256 still deciding whether a content is stored again.</summary>
public sealed class StorageLayoutTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("hash", false, null)]
    [InlineData("seed", false, "acme/publicaciones_meta/100200_{0}1.png")]
    [InlineData("seed", true, "facebook/posts/100200_{0}1.png")]
    public async Task Receive_SameBytesInASecondPost_BothReferToTheOneStoredObject(string layout, bool pageArchive, string? readableKey)
    {
        var n = layout == "hash" ? 31 : pageArchive ? 33 : 32;
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Media:Storage:KeyLayout"] = layout, ["Silo:Media:Storage:PageArchiveLayout"] = pageArchive.ToString(),
        });
        var png = TestMedia.Png(12, 9, 3000, seed: 300 + n);
        var sha = TestMedia.Sha256(png);
        world.Cdn.AddFile($"first{n}.png", png, "image/png");
        world.Cdn.AddFile($"second{n}.png", png, "image/png");
        var expectedKey = readableKey is null ? $"{sha[..2]}/{sha[2..4]}/{sha}.png" : string.Format(readableKey, n);

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", $"100200_{n}1", "First", world.Cdn.SignedUrl($"first{n}.png"))));
        await world.UntilStatusAsync($"fb:100200_{n}1", "success");
        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", $"100200_{n}2", "Second", world.Cdn.SignedUrl($"second{n}.png"))));
        await world.UntilStatusAsync($"fb:100200_{n}2", "success");

        foreach (var post in new[] { $"fb:100200_{n}1", $"fb:100200_{n}2" })
        {
            var item = (await world.GetPostAsync(post)).GetProperty("media")[0];
            Assert.Equal(expectedKey, item.GetProperty("storageKey").GetString());
            Assert.Equal($"/media/{expectedKey}", item.GetProperty("publicUrl").GetString());
        }
        Assert.Equal((expectedKey, 2), (await database.ScalarAsync<string>("select storage_key from media_files where sha256 = @s", ("s", sha)),
            await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", sha))));
        Assert.Equal([Path.Combine(world.MediaRoot, expectedKey)], Directory.GetFiles(world.MediaRoot, "*", SearchOption.AllDirectories));
        Assert.Equal(png, await File.ReadAllBytesAsync(Path.Combine(world.MediaRoot, expectedKey), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Receive_SeedLayoutEditReplacingThePicture_NewBytesBesideTheOldFileNeverOverIt()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:Storage:KeyLayout"] = "seed" });
        var (before, after) = (TestMedia.Png(5, 5, 2000, seed: 341), TestMedia.Png(6, 6, 2100, seed: 342));
        world.Cdn.AddFile("before34.png", before, "image/png");
        world.Cdn.AddFile("after34.png", after, "image/png");

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_34", "Before", world.Cdn.SignedUrl("before34.png"))));
        await world.UntilStatusAsync("fb:100200_34", "success");
        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_34", "After", world.Cdn.SignedUrl("after34.png"))));
        await Eventually.UntilAsync(async () => (await world.GetPostAsync("fb:100200_34")) is var p && p.GetProperty("status").GetString() == "success"
            && p.GetProperty("media")[0].GetProperty("sha256").GetString() == TestMedia.Sha256(after), "the edit is archived");

        var newKey = $"acme/publicaciones_meta/100200_34-{TestMedia.Sha256(after)[..12]}.png";
        Assert.Equal(newKey, (await world.GetPostAsync("fb:100200_34")).GetProperty("media")[0].GetProperty("storageKey").GetString());
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(world.MediaRoot, "acme/publicaciones_meta/100200_34.png"), TestContext.Current.CancellationToken));
        Assert.Equal(after, await File.ReadAllBytesAsync(Path.Combine(world.MediaRoot, newKey), TestContext.Current.CancellationToken));
    }
}
