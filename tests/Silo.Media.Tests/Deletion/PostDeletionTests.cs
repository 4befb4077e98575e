using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Silo.Gateway.Auth;
using Silo.Media.BlobStores;
using Silo.Media.Deletion;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Deletion;

/// <summary>
/// A manager deletes a post on a real node archiving into each real store (a folder, s3rver, azurite): the post's rows go,
/// its file is released, kept through the grace period and deleted from the store after it; a delivery within it re-uses
/// the stored object; another tenant's key deletes nothing.
/// </summary>
public sealed class PostDeletionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("filesystem", 1)]
    [InlineData("s3", 2)]
    [InlineData("azure", 3)]
    public async Task Delete_LastHolder_ObjectKeptThroughTheGracePeriodAndDeletedAfter(string backend, int n)
    {
        await using var tool = await StartStoreAsync(backend);
        await using var world = await MediaWorld.StartAsync(database, Settings(backend, tool));
        var (postId, sha, key) = await ArchiveAsync(world, n, seed: 900 + n);
        var store = world.Node.Services.GetRequiredService<IBlobStore>();
        Assert.True(await store.ExistsAsync(key, Ct));

        using var manager = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Manager));
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/posts/{postId}", Ct)).StatusCode);

        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from posts where post_id = @id", ("id", postId)));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from post_media where post_id = @id", ("id", postId)));
        Assert.Equal(0, await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", sha)));
        Assert.True(await database.ScalarAsync<bool>("select released_at is not null from media_files where sha256 = @s", ("s", sha)));
        Assert.Equal("acme manager 1", await database.ScalarAsync<string>(
            "select tenant || ' ' || reason || ' ' || files from post_deletions where post_id = @id and actor like 'key:acme-manager-%'", ("id", postId)));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/posts/{postId}", Ct)).StatusCode);

        // A minute before the grace period ends: nothing goes.
        Assert.Equal(0, await SweepAtAsync(world, DateTimeOffset.UtcNow + Grace - TimeSpan.FromMinutes(1)));
        Assert.True(await store.ExistsAsync(key, Ct));
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", sha)));

        // After it: the row and the object go; a second sweep finds nothing and the missing object is no error.
        Assert.True(await SweepAtAsync(world, DateTimeOffset.UtcNow + Grace + TimeSpan.FromMinutes(1)) >= 1);
        Assert.False(await store.ExistsAsync(key, Ct));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", sha)));
        Assert.Equal(0, await SweepAtAsync(world, DateTimeOffset.UtcNow + Grace + TimeSpan.FromMinutes(2)));
    }

    [Theory]
    [InlineData("filesystem", 4)]
    [InlineData("s3", 5)]
    [InlineData("azure", 6)]
    public async Task Receive_DeletedPostDeliveredAgainWithinTheGracePeriod_ReusesTheStoredObject(string backend, int n)
    {
        await using var tool = await StartStoreAsync(backend);
        await using var world = await MediaWorld.StartAsync(database, Settings(backend, tool));
        var (postId, sha, key) = await ArchiveAsync(world, n, seed: 910 + n);
        var created = await database.ScalarAsync<DateTime>("select created_at from media_files where sha256 = @s", ("s", sha));
        using var manager = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Manager));
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/posts/{postId}", Ct)).StatusCode);

        // The same delivery again: the post is archived anew, as a new post, and points at the row (and object) kept for it.
        await SendAsync(world, n);
        await world.UntilStatusAsync(postId, "success");
        var item = (await world.GetPostAsync(postId)).GetProperty("media")[0];
        Assert.Equal((sha, key), (item.GetProperty("sha256").GetString(), item.GetProperty("storageKey").GetString()));
        Assert.Equal((created, 1, true), (await database.ScalarAsync<DateTime>("select created_at from media_files where sha256 = @s", ("s", sha)),
            await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", sha)),
            await database.ScalarAsync<bool>("select released_at is null from media_files where sha256 = @s", ("s", sha))));

        // Held again: the sweep leaves it however late it runs.
        await SweepAtAsync(world, DateTimeOffset.UtcNow + Grace * 10);
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", sha)));
        Assert.True(await world.Node.Services.GetRequiredService<IBlobStore>().ExistsAsync(key, Ct));
    }

    [Fact]
    public async Task Delete_AnotherTenantsPost_NotFoundAndNothingDeleted()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings("filesystem", null));
        var (postId, sha, key) = await ArchiveAsync(world, 7, seed: 920);
        using var globex = world.Node.ClientWithKey(await world.KeyAsync("globex", Permissions.Admin));

        var answer = await globex.DeleteAsync($"/api/posts/{postId}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("success", await world.StatusAsync(postId));
        Assert.Equal((1, true), (await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", sha)),
            await database.ScalarAsync<bool>("select released_at is null from media_files where sha256 = @s", ("s", sha))));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from post_deletions where post_id = @id", ("id", postId)));
        Assert.True(await world.Node.Services.GetRequiredService<IBlobStore>().ExistsAsync(key, Ct));
        Assert.Equal("[]", await globex.GetStringAsync("/api/deletions", Ct));
    }

    [Fact]
    public async Task Sweep_NoGracePeriod_TheSweepGrainDeletesTheObjectWhenWoken()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?>(Settings("filesystem", null))
        {
            ["Silo:Deletion:GracePeriod"] = "00:00:00",
        });
        var (postId, _, key) = await ArchiveAsync(world, 8, seed: 930);
        using var manager = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Manager));
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/posts/{postId}", Ct)).StatusCode);

        await world.Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IFileSweepGrain>(0).Wake();

        var store = world.Node.Services.GetRequiredService<IBlobStore>();
        await Eventually.UntilAsync(async () => !await store.ExistsAsync(key, Ct), "the sweep grain deleted the released object");
    }

    [Fact]
    public async Task Retention_PostsOfASourceOlderThanItsRetention_DeletedThroughTheirGrainsOthersKept()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings("filesystem", null));
        var (facebookPost, _, _) = await ArchiveAsync(world, 9, seed: 940);
        using var manager = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Manager));
        Assert.Equal(HttpStatusCode.Accepted, (await manager.PostAsJsonAsync("/api/posts",
            new { postId = "retained-9", source = "manual", message = "kept a day" }, Ct)).StatusCode);
        await Eventually.UntilAsync(async () => await world.StatusAsync("manual:retained-9") is "success" or "skipped", "the manual post is stored");
        var retention = new DeletionOptions { Retention = { ["manual"] = TimeSpan.FromDays(1) } };
        RetentionSweep At(DateTimeOffset now) => new(world.Node.Services.GetRequiredService<NpgsqlDataSource>(),
            world.Node.Services.GetRequiredService<IGrainFactory>(), Options.Create(retention), new FakeTimeProvider(now));

        Assert.Equal(0, await At(DateTimeOffset.UtcNow + TimeSpan.FromHours(23)).RunOnceAsync(Ct));
        Assert.Equal(1, await At(DateTimeOffset.UtcNow + TimeSpan.FromHours(25)).RunOnceAsync(Ct));

        Assert.Null(await world.StatusAsync("manual:retained-9"));
        Assert.Equal("success", await world.StatusAsync(facebookPost));
        Assert.Equal("retention retention", await database.ScalarAsync<string>(
            "select actor || ' ' || reason from post_deletions where post_id = 'manual:retained-9'"));
        Assert.Equal(0, await At(DateTimeOffset.UtcNow + TimeSpan.FromHours(26)).RunOnceAsync(Ct));
    }

    private static async Task<(string PostId, string Sha256, string Key)> ArchiveAsync(MediaWorld world, int n, int seed)
    {
        var png = TestMedia.Png(8 + n, 6 + n, 2500, seed: seed);
        world.Cdn.AddFile($"delete{n}.png", png, "image/png");
        var postId = $"fb:100200_95{n}";
        await SendAsync(world, n);
        await world.UntilStatusAsync(postId, "success");
        var item = (await world.GetPostAsync(postId)).GetProperty("media")[0];
        Assert.Equal(TestMedia.Sha256(png), item.GetProperty("sha256").GetString());
        return (postId, TestMedia.Sha256(png), item.GetProperty("storageKey").GetString()!);
    }

    private static Task SendAsync(MediaWorld world, int n) =>
        world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", $"100200_95{n}", $"To delete {n}", world.Cdn.SignedUrl($"delete{n}.png"))));

    /// <summary>One sweep as the node's would run it when its clock reads <paramref name="now"/>.</summary>
    private static async Task<int> SweepAtAsync(MediaWorld world, DateTimeOffset now)
    {
        var clock = new FakeTimeProvider(now);
        var sweep = new FileSweep(world.Node.Services.GetRequiredService<NpgsqlDataSource>(), world.Node.Services.GetRequiredService<IBlobStore>(),
            Options.Create(new DeletionOptions { GracePeriod = Grace }), clock);
        return await sweep.RunOnceAsync(Ct);
    }

    private static async Task<ToolServer?> StartStoreAsync(string backend) => backend switch
    {
        "s3" => await ToolServer.StartS3rverAsync("meta-webhooks"),
        "azure" => await ToolServer.StartAzuriteAsync(),
        _ => null,
    };

    private static Dictionary<string, string?> Settings(string backend, ToolServer? tool) => backend switch
    {
        "s3" => new()
        {
            ["Silo:Media:Storage:Backend"] = "s3", ["Silo:Media:Storage:ServiceUrl"] = $"http://127.0.0.1:{tool!.Port}",
            ["Silo:Media:Storage:Bucket"] = "meta-webhooks", ["Silo:Media:Storage:AccessKeyId"] = "S3RVER", ["Silo:Media:Storage:SecretAccessKey"] = "S3RVER",
            ["Silo:Media:Storage:PublicBaseUrl"] = $"http://127.0.0.1:{tool.Port}/meta-webhooks",
        },
        "azure" => new()
        {
            ["Silo:Media:Storage:Backend"] = "azure",
            ["Silo:Media:Storage:Azure:AccountUrl"] = $"http://127.0.0.1:{tool!.Port}/{ToolServer.AzuriteAccount}",
            ["AZURE_STORAGE_KEY"] = ToolServer.AzuriteKey,
        },
        _ => [],
    };
}
