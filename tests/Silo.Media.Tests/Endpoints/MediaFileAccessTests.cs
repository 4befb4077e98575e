using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using Silo.Testing;

namespace Silo.Media.Tests.Endpoints;

/// <summary>
/// <c>/media/{key}</c> serves what Silo stored and nothing else, and a private source's file (Patreon, by default)
/// only to its tenant's keys or through the expiring link the API hands out.
/// </summary>
public sealed class MediaFileAccessTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetFile_FileInTheStoreNoPostStored_NotFound()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var stray = Path.Combine(world.MediaRoot, "ab", "cd", "stray.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        await File.WriteAllTextAsync(stray, "not archived by Silo", Ct);

        var response = await world.Node.Http.GetAsync("/media/ab/cd/stray.txt", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("not archived", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task GetFile_PublicSourcesFile_ServedToAnyoneAndCachedPublicly()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var link = await ArchiveAsync(world, "manual", "7101", "a7101.png", "png", "image");
        Assert.DoesNotContain("token=", link);

        var response = await world.Node.Http.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("public", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task GetFile_PatreonVideo_OnlyItsTenantsKeysAndTheSignedLinkReadIt()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var signed = await ArchiveAsync(world, "patreon", "7102", "p7102.mp4", "mp4", "video");
        var bare = signed[..signed.IndexOf('?')];
        using var acme = world.Node.ClientWithKey(await world.KeyAsync("acme"));
        using var globex = world.Node.ClientWithKey(await world.KeyAsync("globex"));

        Assert.Contains("?token=", signed);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Node.Http.GetAsync(bare, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync(bare, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync(bare, Ct)).StatusCode);
        var byLink = await world.Node.Http.GetAsync(signed, Ct);
        Assert.Equal(HttpStatusCode.OK, byLink.StatusCode);
        Assert.Equal("video/mp4", byLink.Content.Headers.ContentType!.MediaType);
        Assert.Contains("private", byLink.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task GetFile_SignedLinkOfAnotherFile_NotFound()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var first = await ArchiveAsync(world, "patreon", "7103", "p7103.mp4", "mp4", "video");
        var second = await ArchiveAsync(world, "patreon", "7104", "p7104.mov", "mov", "video");
        var token = first[first.IndexOf('?')..];

        var response = await world.Node.Http.GetAsync(second[..second.IndexOf('?')] + token, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ListPosts_PatreonPost_LinksSignedAndOpenWithoutAKey()
    {
        await using var world = await MediaWorld.StartAsync(database);
        await ArchiveAsync(world, "patreon", "7105", "p7105.webm", "webm", "video");
        using var acme = world.Node.ClientWithKey(await world.KeyAsync("acme"));

        var page = await acme.GetFromJsonAsync<JsonElement>("/api/posts?source=patreon&q=post 7105", Ct);

        var link = page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("postId").GetString() == "patreon:7105")
            .GetProperty("archived")[0].GetProperty("publicUrl").GetString()!;
        Assert.Contains("?token=", link);
        Assert.Equal(HttpStatusCode.OK, (await world.Node.Http.GetAsync(link, Ct)).StatusCode);
    }

    /// <summary>Ingests a post of <paramref name="source"/> for tenant acme with one file, and returns the file's link as the API shows it.</summary>
    private static async Task<string> ArchiveAsync(MediaWorld world, string source, string id, string name, string sample, string kind)
    {
        world.Cdn.AddFile(name, await RealMedia.BytesAsync(sample), sample switch { "png" => "image/png", "mov" => "video/quicktime", _ => $"video/{sample}" });
        using var admin = world.Node.AdminClient();
        var response = await admin.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source, tenant = "acme", message = $"post {id}", media = new[] { new { url = world.Cdn.SignedUrl(name), kind } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await world.UntilStatusAsync($"{source}:{id}", "success");
        var item = (await world.GetPostAsync($"{source}:{id}")).GetProperty("media")[0];
        Assert.Equal("success", item.GetProperty("status").GetString());
        return item.GetProperty("publicUrl").GetString()!;
    }

}
