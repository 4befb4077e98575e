using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaCdn;
using Silo.Testing;

namespace Silo.Media.Tests.Endpoints;

public sealed class PostEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_PatreonPostWithDefaultPolicy_ImageKeptAsUrlAndVideoDownloaded()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("pat1.png", TestMedia.Png(4, 4, 1500, seed: 401), "image/png");
        world.Cdn.AddFile("pat1.mp4", await RealMedia.BytesAsync("long.mp4"), "video/mp4");
        using var client = world.Node.AdminClient();

        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "401", source = "patreon", tenant = "acme", message = "Patreon post",
            media = new[] { new { url = world.Cdn.SignedUrl("pat1.png"), kind = "image" }, new { url = world.Cdn.SignedUrl("pat1.mp4"), kind = "video" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await world.UntilStatusAsync("patreon:401", "success");

        var media = (await world.GetPostAsync("patreon:401")).GetProperty("media").EnumerateArray().ToDictionary(m => m.GetProperty("kind").GetString()!);
        Assert.Equal(("keep_url", "skipped"), (media["image"].GetProperty("action").GetString(), media["image"].GetProperty("status").GetString()));
        Assert.Equal(("download", "success"), (media["video"].GetProperty("action").GetString(), media["video"].GetProperty("status").GetString()));
        Assert.Equal(4.0, media["video"].GetProperty("durationSeconds").GetDouble());
        Assert.Equal(0, world.Cdn.RequestCount("pat1.png"));
    }

    [Fact]
    public async Task Create_PatreonVideosOff_ViewOnPatreonAndNothingDownloaded()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["MEDIA_PATREON_DOWNLOAD_VIDEOS"] = "false" });
        world.Cdn.AddFile("pat2.mp4", await RealMedia.BytesAsync("mp4"), "video/mp4");
        using var client = world.Node.AdminClient();

        await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "402", source = "patreon", tenant = "acme", message = "Video",
            media = new[] { new { url = world.Cdn.SignedUrl("pat2.mp4"), kind = "video" } },
        }, Ct);
        await world.UntilStatusAsync("patreon:402", "success");

        var item = (await world.GetPostAsync("patreon:402")).GetProperty("media")[0];
        Assert.Equal(("view_on_source", "View on Patreon"), (item.GetProperty("action").GetString(), item.GetProperty("note").GetString()));
        Assert.Equal(0, world.Cdn.RequestCount("pat2.mp4"));
    }

    [Fact]
    public async Task Create_YouTubeEmbedMode_EmbedKept()
    {
        await using var world = await MediaWorld.StartAsync(database);
        using var client = world.Node.AdminClient();

        await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "403", source = "youtube", tenant = "acme", message = "Watch",
            media = new[] { new { url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ", kind = "video" } },
        }, Ct);
        await world.UntilStatusAsync("youtube:403", "success");

        var item = (await world.GetPostAsync("youtube:403")).GetProperty("media")[0];
        Assert.Equal(("embed", "dQw4w9WgXcQ"), (item.GetProperty("action").GetString(), item.GetProperty("externalId").GetString()));
        Assert.Contains("https://www.youtube.com/embed/dQw4w9WgXcQ", item.GetProperty("embedHtml").GetString());
    }

    [Fact]
    public async Task Create_InvalidFields_ValidationProblemNamingEachAndNothingStored()
    {
        await using var world = await MediaWorld.StartAsync(database);
        using var client = world.Node.AdminClient();

        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "", source = "myspace", tenant = "acme", media = new[] { new { url = "file:///etc/passwd", kind = "podcast" } },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["media[0].kind", "media[0].url", "postId", "source"], errors.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'myspace:%'"));
    }

    [Fact]
    public async Task Retry_PostInError_ArchivedWithFreshAttempts()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Media:MaxAttempts"] = "1" });
        world.Cdn.AddFile("r404.png", TestMedia.Png(4, 4, 1500, seed: 404), "image/png");
        world.Cdn.Faults.FailCount = 1;
        using var client = world.Node.AdminClient();
        await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "404", source = "manual", tenant = "acme", message = "Retry me",
            media = new[] { new { url = world.Cdn.SignedUrl("r404.png"), kind = "image" } },
        }, Ct);
        await world.UntilStatusAsync("manual:404", "error");

        var response = await client.PostAsync("/api/posts/manual:404/retry", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await world.UntilStatusAsync("manual:404", "success");
    }

    [Fact]
    public async Task List_FilteredByStatus_OnlyMatchingPosts()
    {
        await using var world = await MediaWorld.StartAsync(database);
        using var client = world.Node.AdminClient();
        await client.PostAsJsonAsync("/api/posts", new { postId = "405", source = "manual", tenant = "listing", message = "No media", media = Array.Empty<object>() }, Ct);
        await world.UntilStatusAsync("manual:405", "success");

        var page = await client.GetFromJsonAsync<JsonElement>("/api/posts?tenant=listing&status=success", Ct);
        var none = await client.GetFromJsonAsync<JsonElement>("/api/posts?tenant=listing&status=error", Ct);

        Assert.Equal("manual:405", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("postId").GetString());
        Assert.Equal(0, none.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/posts?status=lost", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Node.Http.GetAsync("/api/posts", Ct)).StatusCode);
    }
}
