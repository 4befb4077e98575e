using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Silo.Media.Posts;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

public sealed class PostStorageTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string StateName = "post";

    [Fact]
    public async Task WriteState_StaleActivation_InconsistentStateExceptionAndNoRowChanged()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(7, 7, 2000, seed: 801);
        world.Cdn.AddFile("s801.png", png, "image/png");
        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_801", "Stale", world.Cdn.SignedUrl("s801.png"))));
        await world.UntilStatusAsync("fb:100200_801", "success");
        var storage = world.Node.Services.GetRequiredKeyedService<IGrainStorage>(PostStorage.Name);
        var grainId = GrainId.Create(PostIds.GrainType, "fb:100200_801");

        // Two activations read the same version (the directory can briefly allow two); one writes first.
        var current = new GrainState<PostState>();
        var stale = new GrainState<PostState>();
        await storage.ReadStateAsync(StateName, grainId, current);
        await storage.ReadStateAsync(StateName, grainId, stale);
        Assert.Equal(current.ETag, stale.ETag);
        current.State!.Message = "written by the current activation";
        await storage.WriteStateAsync(StateName, grainId, current);
        var before = await RowsAsync("fb:100200_801");

        var staleState = stale.State!;
        staleState.Status = PostStatus.Error;
        staleState.Message = "written by the stale activation";
        staleState.Media[0].Status = "error";
        staleState.NewAttempts.Add((9, false, "stale"));
        staleState.NewFiles.Add(new StoredMediaFile(new string('0', 64), "stale/key", "FileSystem", 1, "image/png", 1, 1, null));
        staleState.ErrorRateCheck = new ErrorRateAlert(MayRaise: true, TimeSpan.FromHours(1), Threshold: 0, MinimumAttempts: 1);
        staleState.RaiseAlert("storage_unavailable", "stale");

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, stale));

        Assert.Equal(before, await RowsAsync("fb:100200_801"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", new string('0', 64))));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts"));
        Assert.Equal("written by the current activation", await database.ScalarAsync<string>("select message from posts where post_id = 'fb:100200_801'"));
    }

    [Fact]
    public async Task WriteState_NewPostWrittenTwiceFromNothing_SecondRefused()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var storage = world.Node.Services.GetRequiredKeyedService<IGrainStorage>(PostStorage.Name);
        var grainId = GrainId.Create(PostIds.GrainType, "manual:802");
        var first = NewPost("first");
        var second = NewPost("second");

        await storage.WriteStateAsync(StateName, grainId, first);

        Assert.Equal("1", first.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, second));
        Assert.Equal(("first", 1L), (await database.ScalarAsync<string>("select message from posts where post_id = 'manual:802'"),
            await database.ScalarAsync<long>("select version from posts where post_id = 'manual:802'")));
    }

    [Fact]
    public async Task WriteState_CurrentVersion_WritesAndMovesTheVersionOn()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var storage = world.Node.Services.GetRequiredKeyedService<IGrainStorage>(PostStorage.Name);
        var grainId = GrainId.Create(PostIds.GrainType, "manual:803");
        await storage.WriteStateAsync(StateName, grainId, NewPost("v1"));
        var state = new GrainState<PostState>();
        await storage.ReadStateAsync(StateName, grainId, state);
        var version = long.Parse(state.ETag!, CultureInfo.InvariantCulture);

        state.State!.Message = "v2";
        await storage.WriteStateAsync(StateName, grainId, state);

        Assert.Equal((version + 1).ToString(CultureInfo.InvariantCulture), state.ETag);
        Assert.Equal((version + 1, "v2"), (await database.ScalarAsync<long>("select version from posts where post_id = 'manual:803'"),
            await database.ScalarAsync<string>("select message from posts where post_id = 'manual:803'")));
    }

    [Fact]
    public async Task WriteState_ActivationThatReadThePostBeforeItsDeletion_RefusedAndThePostStaysDeleted()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var storage = world.Node.Services.GetRequiredKeyedService<IGrainStorage>(PostStorage.Name);
        var grainId = GrainId.Create(PostIds.GrainType, "manual:804");
        await storage.WriteStateAsync(StateName, grainId, NewPost("v1"));
        var deleting = new GrainState<PostState>();
        var stale = new GrainState<PostState>();
        await storage.ReadStateAsync(StateName, grainId, deleting);
        await storage.ReadStateAsync(StateName, grainId, stale);

        deleting.State!.Deletion = new PostDeletion("key:test", "manager");
        await storage.WriteStateAsync(StateName, grainId, deleting);
        stale.State!.Message = "written back by a stale activation";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, stale));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from posts where post_id = 'manual:804'"));
        Assert.Equal(("key:test manager", 2L), (await database.ScalarAsync<string>("select actor || ' ' || reason from post_deletions where post_id = 'manual:804'"),
            await database.ScalarAsync<long>("select version from post_deletions where post_id = 'manual:804'")));

        // The activation that deleted it goes on from the tombstone's version: a new delivery stores the post anew.
        deleting.State = NewPost("anew").State;
        await storage.WriteStateAsync(StateName, grainId, deleting);
        Assert.Equal(("anew", 3L), (await database.ScalarAsync<string>("select message from posts where post_id = 'manual:804'"),
            await database.ScalarAsync<long>("select version from posts where post_id = 'manual:804'")));
    }

    private static GrainState<PostState> NewPost(string message) => new()
    {
        State = new PostState { Exists = true, Source = "manual", SourcePostId = "x", Tenant = "acme", Message = message, Status = PostStatus.Pending },
    };

    /// <summary>Every stored row of the post, as text, to compare before and after.</summary>
    private Task<string> RowsAsync(string postId) => database.ScalarAsync<string>("""
        select concat_ws(E'\n',
            (select row_to_json(p)::text from posts p where post_id = @p),
            (select json_agg(m order by slot)::text from post_media m where post_id = @p),
            (select json_agg(a order by attempt)::text from media_attempts a where post_id = @p),
            (select json_agg(f order by sha256)::text from media_files f where sha256 in (select sha256 from post_media where post_id = @p)))
        """, ("p", postId));
}
