using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Silo.Gateway.Auth;
using Silo.Media.Posts;
using Silo.Media.Tests.Support;
using Silo.Testing;

namespace Silo.Media.Tests.Endpoints;

/// <summary>Seed 002's statistics on <c>GET /api/media/stats</c>: per tenant and per source, within what the key's tenant may see.</summary>
public sealed class MediaStatsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string A = Sha('a'), B = Sha('b'), C = Sha('c'), D = Sha('d'), E = Sha('e');
    private const long Mib = 1024 * 1024;

    [Fact]
    public async Task GetStats_Admin_BreakdownPerTenantAndSource()
    {
        await using var world = await MediaWorld.StartAsync(database);
        await SeedAsync(world);

        var stats = await world.Node.AdminClient().GetFromJsonAsync<JsonElement>("/api/media/stats", Ct);
        var breakdown = stats.GetProperty("breakdown");

        // posts/with local image, attachments/stored locally, thumbnails/stored, files, bytes, MB
        Assert.Equal("4/3 3/2 1/1 5 6801456 6.5", Figures(breakdown.GetProperty("total")));
        Assert.Equal(["acme: 3/2 3/2 1/1 4 6301456 6", "globex: 1/1 0/0 0/0 1 500000 0.5"], Groups(breakdown.GetProperty("byTenant"), "tenant"));
        Assert.Equal(["facebook: 2/1 2/1 1/1 3 3155728 3", "instagram: 1/1 1/1 0/0 2 5242880 5", "manual: 1/1 0/0 0/0 1 500000 0.5"],
            Groups(breakdown.GetProperty("bySource"), "source"));
    }

    [Fact]
    public async Task GetStats_TenantKey_OnlyItsOwnTenantAndSources()
    {
        await using var world = await MediaWorld.StartAsync(database);
        await SeedAsync(world);
        var key = await world.Node.Services.GetRequiredService<ApiKeyStore>().CreateAsync("globex-reader", "globex", [Permissions.AnalyticsRead], Ct);

        var breakdown = (await world.Node.ClientWithKey(key.Secret).GetFromJsonAsync<JsonElement>("/api/media/stats", Ct)).GetProperty("breakdown");

        Assert.Equal("1/1 0/0 0/0 1 500000 0.5", Figures(breakdown.GetProperty("total")));
        Assert.Equal(["globex: 1/1 0/0 0/0 1 500000 0.5"], Groups(breakdown.GetProperty("byTenant"), "tenant"));
        Assert.Equal(["manual: 1/1 0/0 0/0 1 500000 0.5"], Groups(breakdown.GetProperty("bySource"), "source"));
    }

    [Fact]
    public async Task GetStats_NoPosts_ZeroTotalsAndNoGroups()
    {
        await using var world = await MediaWorld.StartAsync(database);
        await database.ExecuteAsync("truncate posts, post_media, media_files cascade");

        var breakdown = (await world.Node.AdminClient().GetFromJsonAsync<JsonElement>("/api/media/stats", Ct)).GetProperty("breakdown");

        Assert.Equal("0/0 0/0 0/0 0 0 0", Figures(breakdown.GetProperty("total")));
        Assert.Equal(0, breakdown.GetProperty("byTenant").GetArrayLength());
        Assert.Equal(0, breakdown.GetProperty("bySource").GetArrayLength());
    }

    private static string Figures(JsonElement g) => string.Create(CultureInfo.InvariantCulture,
        $"{g.GetProperty("posts")}/{g.GetProperty("postsWithLocalImage")} {g.GetProperty("attachments")}/{g.GetProperty("attachmentsStoredLocally")} " +
        $"{g.GetProperty("thumbnails")}/{g.GetProperty("thumbnailsStoredLocally")} {g.GetProperty("files")} {g.GetProperty("bytes")} {g.GetProperty("megabytes").GetDouble()}");

    private static string[] Groups(JsonElement groups, string name) =>
        groups.EnumerateArray().Select(g => $"{g.GetProperty(name).GetString()}: {Figures(g)}").ToArray();

    /// <summary>Posts written through the posts' own storage, as archive attempts leave them.</summary>
    private async Task SeedAsync(MediaWorld world)
    {
        await database.ExecuteAsync("truncate posts, post_media, media_files cascade");
        await WriteAsync(world, "fb:100200_1", "acme", "facebook", "100200_1",
            Item("full_picture", "image/png", A, 2 * Mib), Item("attachment:0", "image/jpeg", B, Mib), Failed("attachment:1"),
            Item("thumbnail", "image/jpeg", C, 10_000));
        await WriteAsync(world, "fb:100200_2", "acme", "facebook", "100200_2");
        await WriteAsync(world, "ig:1789", "acme", "instagram", "1789",
            Item("media", "video/mp4", D, 3 * Mib), Item("child:0", "image/png", A, 2 * Mib)); // the same bytes as the Facebook picture
        await WriteAsync(world, "manual:g1", "globex", "manual", "g1", Item("media:0", "image/jpeg", E, 500_000));
    }

    private static (PostMedia Item, StoredMediaFile? File) Item(string slot, string mime, string sha, long size) =>
        (new PostMedia
        {
            Slot = slot, Role = slot.Split(':')[0], Kind = mime.StartsWith("image/", StringComparison.Ordinal) ? "image" : "video",
            OriginalUrl = $"https://scontent.fbcdn.net/{slot}", Status = "success", Sha256 = sha, StorageKey = $"k/{sha}", PublicUrl = $"/media/k/{sha}",
            Size = size, MimeType = mime,
        }, new StoredMediaFile(sha, $"k/{sha}", "filesystem", size, mime, null, null, null));

    private static (PostMedia Item, StoredMediaFile? File) Failed(string slot) =>
        (new PostMedia { Slot = slot, Role = slot.Split(':')[0], OriginalUrl = $"https://scontent.fbcdn.net/{slot}", Status = "error", Error = "http_404" }, null);

    private static async Task WriteAsync(MediaWorld world, string postId, string tenant, string source, string sourcePostId,
        params (PostMedia Item, StoredMediaFile? File)[] media)
    {
        var state = new PostState
        {
            Exists = true, Source = source, SourcePostId = sourcePostId, Tenant = tenant, Message = postId, Status = PostStatus.Success,
            Media = media.Select(m => m.Item).ToList(),
        };
        foreach (var (_, file) in media) if (file is not null) state.NewFiles.Add(file);
        var storage = world.Node.Services.GetRequiredKeyedService<IGrainStorage>(PostStorage.Name);
        await storage.WriteStateAsync("post", GrainId.Create(PostIds.GrainType, postId), new GrainState<PostState>(state));
    }

    private static string Sha(char c) => new(c, 64);
}
