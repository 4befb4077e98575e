using System.Net;
using System.Net.Http.Json;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;
using Silo.Testing;

namespace Silo.Media.Tests.Posts;

public sealed class InstagramAccountGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poll_NewMedia_EachSentToItsPostAndArchived()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:InstagramPollInterval"] = "00:00:00.500" });
        world.Cdn.AddFile("ig1.png", TestMedia.Png(9, 9, 1500, seed: 501), "image/png");
        world.Cdn.AddFile("ig2.png", TestMedia.Png(9, 9, 1500, seed: 502), "image/png");
        world.Cdn.AddFile("ig3.mp4", CdnFile.FromBytes(await RealMedia.BytesAsync("mov"), "video/quicktime"));
        var now = DateTimeOffset.UtcNow;
        world.Graph.AddInstagramMedia("17841400001", new GraphInstagramMedia("1790001", "Carousel", "CAROUSEL_ALBUM", "ig1.png", now.AddMinutes(-3),
            Children: [new GraphInstagramMedia("1790011", null, "IMAGE", "ig1.png", now), new GraphInstagramMedia("1790012", null, "IMAGE", "ig2.png", now)]));
        world.Graph.AddInstagramMedia("17841400001", new GraphInstagramMedia("1790002", null, "VIDEO", "ig3.mp4", now.AddMinutes(-2), ThumbnailFile: "ig2.png",
            MediaProductType: "REELS"));
        world.Graph.AddInstagramMedia("17841400001", new GraphInstagramMedia("1790003", null, "IMAGE", "ig2.png", now.AddMinutes(-1), MediaProductType: "STORY"));
        using var client = world.Node.AdminClient();

        var response = await client.PostAsJsonAsync("/api/media/instagram-accounts", new { igUserId = "17841400001", tenant = "acme" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await world.UntilStatusAsync("ig:1790001", "success");
        await world.UntilStatusAsync("ig:1790002", "success");
        await world.UntilStatusAsync("ig:1790003", "skipped");
        var reel = await world.GetPostAsync("ig:1790002");
        var slots = reel.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("slot").GetString()!).Order().ToArray();
        Assert.Equal(["media", "thumbnail"], slots);

        // Later polls find nothing new: the three posts are stored once and never written again.
        var versions = await IgPostVersionsAsync();
        var reads = world.Graph.Reads("17841400001");
        await Eventually.UntilAsync(() => world.Graph.Reads("17841400001") >= reads + 2, "two more polls ran");
        Assert.Equal(3L, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'ig:%'"));
        Assert.Equal(versions, await IgPostVersionsAsync());
    }

    private Task<string> IgPostVersionsAsync() =>
        database.ScalarAsync<string>("select string_agg(post_id || '=' || version, ',' order by post_id) from posts where post_id like 'ig:%'");
}
