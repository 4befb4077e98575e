using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaCdn;
using Silo.Testing;

namespace Silo.Media.Tests.Endpoints;

/// <summary>What the media library reads: display images, filters, a post's page, failures by reason and their bulk retry.</summary>
public sealed class PostLibraryEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string id, string tenant, string message, params (string Url, string Kind)[] media) =>
        client.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source = "manual", tenant, message, media = media.Select(m => new { url = m.Url, kind = m.Kind }).ToArray(),
        }, Ct);


    [Fact]
    public async Task Get_PictureRefusedByGuard_NoDisplayUrlAndTheReason()
    {
        await using var world = await MediaWorld.StartAsync(database);
        using var client = world.Node.AdminClient();
        // Not on the allow-list, so the guard refuses it before any connection is made.
        const string metadata = "http://169.254.169.254/latest/meta-data/";
        Assert.Equal(HttpStatusCode.Accepted, (await CreateAsync(client, "g1", "guard", "Refused", (metadata, "image"))).StatusCode);
        await world.UntilStatusAsync("manual:g1", "error");

        var post = await world.GetPostAsync("manual:g1");
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/posts?tenant=guard", Ct)).GetProperty("items")[0];

        foreach (var view in new[] { post, listed })
        {
            Assert.Equal(JsonValueKind.Null, view.GetProperty("displayImageUrl").ValueKind);
            Assert.False(view.GetProperty("hasLocalImage").GetBoolean());
            Assert.Equal("The download failed for good (Host 169.254.169.254 is not in Silo:Media:AllowedHosts.), so its link is not shown.",
                view.GetProperty("noImageReason").GetString());
        }
        Assert.Equal(metadata, post.GetProperty("media")[0].GetProperty("originalUrl").GetString());
    }

    [Fact]
    public async Task List_Filters_OnlyMatchingPostsNewestFirst()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("lib1.png", TestMedia.Png(30, 20, 2000, seed: 501), "image/png");
        world.Cdn.AddFile("lib2.mp4", CdnFile.FromBytes(await RealMedia.BytesAsync("webm"), "video/webm"));
        using var client = world.Node.AdminClient();
        await CreateAsync(client, "f1", "lib", "Summer sale 50% off", (world.Cdn.SignedUrl("lib1.png"), "image"));
        await world.UntilStatusAsync("manual:f1", "success");
        await CreateAsync(client, "f2", "lib", "Winter video", (world.Cdn.SignedUrl("lib2.mp4"), "video"));
        await world.UntilStatusAsync("manual:f2", "success");
        await CreateAsync(client, "f3", "lib-other", "Summer elsewhere");
        await world.UntilStatusAsync("manual:f3", "success");

        async Task<string[]> Ids(string query) => [.. (await client.GetFromJsonAsync<JsonElement>($"/api/posts?{query}", Ct))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("postId").GetString()!)];

        Assert.Equal(["manual:f2", "manual:f1"], await Ids("tenant=lib"));
        Assert.Equal(["manual:f3", "manual:f1"], await Ids("q=SUMMER"));
        Assert.Equal(["manual:f1"], await Ids("q=50%25"));
        Assert.Empty(await Ids("q=5_%25"));
        Assert.Equal(["manual:f2"], await Ids("kind=video&tenant=lib"));
        Assert.Equal(["manual:f1"], await Ids("kind=image&tenant=lib"));
        Assert.Empty(await Ids($"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}&tenant=lib"));
        Assert.Equal(["manual:f2", "manual:f1"], await Ids($"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}&tenant=lib"));
        Assert.Empty(await Ids($"to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}&tenant=lib"));

        var image = (await client.GetFromJsonAsync<JsonElement>("/api/posts?tenant=lib&kind=image", Ct)).GetProperty("items")[0];
        var archived = image.GetProperty("archived")[0];
        Assert.StartsWith("/media/", archived.GetProperty("publicUrl").GetString());
        Assert.Equal(("image/png", 30, 20), (archived.GetProperty("mimeType").GetString(), archived.GetProperty("width").GetInt32(),
            archived.GetProperty("height").GetInt32()));

        using var scoped = world.Node.ClientWithKey(await world.KeyAsync("lib-other", "analytics:read"));
        var own = await scoped.GetFromJsonAsync<JsonElement>("/api/posts?q=summer", Ct);
        Assert.Equal(["manual:f3"], own.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("postId").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await scoped.GetAsync("/api/posts?tenant=lib", Ct)).StatusCode);
    }

    [Fact]
    public async Task List_InvalidFilters_ValidationProblemNamingEach()
    {
        await using var world = await MediaWorld.StartAsync(database);
        using var client = world.Node.AdminClient();

        var response = await client.GetAsync("/api/posts?kind=podcast&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["kind", "to"], errors.EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    [Fact]
    public async Task Get_SharedFileAndExpiredLink_SharedCountExpiredMarkAndAttempts()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(12, 8, 1800, seed: 503);
        world.Cdn.AddFile("share1.png", png, "image/png");
        world.Cdn.AddFile("share2.png", png, "image/png");
        using var client = world.Node.AdminClient();
        await CreateAsync(client, "s1", "share", "One", (world.Cdn.SignedUrl("share1.png"), "image"));
        await world.UntilStatusAsync("manual:s1", "success");
        await CreateAsync(client, "s2", "share", "Two", (world.Cdn.SignedUrl("share2.png"), "image"),
            (world.Cdn.SignedUrl("gone.png", DateTimeOffset.UtcNow.AddHours(-1)), "image"));
        await world.UntilStatusAsync("manual:s2", "error");

        var post = await world.GetPostAsync("manual:s2");

        var media = post.GetProperty("media").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetString()!);
        Assert.Equal(2, media["picture"].GetProperty("sharedByPosts").GetInt32());
        Assert.False(media["picture"].GetProperty("linkExpired").GetBoolean());
        Assert.True(media["attachment:1"].GetProperty("linkExpired").GetBoolean());
        Assert.Equal(JsonValueKind.Null, media["attachment:1"].GetProperty("sharedByPosts").ValueKind);
        var attempts = post.GetProperty("attemptHistory").EnumerateArray().ToList();
        Assert.Single(attempts);
        Assert.Equal((1, false, "link_expired"), (attempts[0].GetProperty("attempt").GetInt32(), attempts[0].GetProperty("succeeded").GetBoolean(),
            attempts[0].GetProperty("errorType").GetString()));
    }

    [Fact]
    public async Task RetryReason_NotFoundGroup_OnlyThoseRetriedAndArchived()
    {
        await using var world = await MediaWorld.StartAsync(database);
        using var client = world.Node.AdminClient();
        await CreateAsync(client, "e1", "fail", "Missing one", (world.Cdn.SignedUrl("late1.png"), "image"));
        await CreateAsync(client, "e2", "fail", "Missing two", (world.Cdn.SignedUrl("late2.png"), "image"));
        await CreateAsync(client, "e3", "fail", "Refused", ("https://evil.example/x.png", "image"));
        foreach (var id in new[] { "manual:e1", "manual:e2", "manual:e3" }) await world.UntilStatusAsync(id, "error");

        var groups = await client.GetFromJsonAsync<JsonElement>("/api/posts/failures?tenant=fail", Ct);
        Assert.Equal([("not_found", 2L), ("guard_refusal", 1L)],
            groups.EnumerateArray().Select(g => (g.GetProperty("reason").GetString()!, g.GetProperty("posts").GetInt64())).ToArray());
        Assert.Equal(["http_404"], groups[0].GetProperty("errorTypes").EnumerateArray().Select(t => t.GetString()!).ToArray());

        world.Cdn.AddFile("late1.png", TestMedia.Png(5, 5, 1500, seed: 504), "image/png");
        world.Cdn.AddFile("late2.png", TestMedia.Png(6, 6, 1500, seed: 505), "image/png");
        using var reader = world.Node.ClientWithKey(await world.KeyAsync("fail", "analytics:read"));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/posts/failures/not_found/retry?tenant=fail", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/posts/failures/bogus/retry", null, Ct)).StatusCode);

        var response = await client.PostAsync("/api/posts/failures/not_found/retry?tenant=fail", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["manual:e1", "manual:e2"], accepted.GetProperty("postIds").EnumerateArray().Select(i => i.GetString()!).Order().ToArray());
        await world.UntilStatusAsync("manual:e1", "success");
        await world.UntilStatusAsync("manual:e2", "success");
        Assert.Equal("error", await world.StatusAsync("manual:e3"));
    }
}
