using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Silo.Gateway.Grpc.V1;

namespace Silo.Gateway.Tests.Grpc;

/// <summary><c>silo.v1.Posts</c> end to end over h2c against a real node.</summary>
public sealed class PostsServiceTests(GrpcWorld world) : IClassFixture<GrpcWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private Posts.PostsClient Client => new(world.Channel);

    [Fact]
    public async Task IngestPost_ThenGetPost_StoredForTheKeysTenantAsOverHttp()
    {
        var request = new IngestPostRequest { PostId = "grpc-1", Source = "manual", Message = "from gRPC", Media = { new MediaInput { Url = "https://cdn.test/a.jpg" } } };

        var first = await Client.IngestPostAsync(request, GrpcCalls.With(world.AcmeManager, Ct));
        var again = await Client.IngestPostAsync(request, GrpcCalls.With(world.AcmeManager, Ct));
        var post = await Client.GetPostAsync(new GetPostRequest { PostId = first.PostId }, GrpcCalls.With(world.AcmeReader, Ct));

        Assert.Equal(first.PostId, again.PostId);
        Assert.Equal(1L, await world.Database.ScalarAsync<long>("select count(*) from posts where post_id = @id", ("id", first.PostId)));
        Assert.Equal((first.PostId, "manual", "grpc-1", "acme", "from gRPC"), (post.PostId, post.Source, post.SourcePostId, post.Tenant, post.Message));
        var media = Assert.Single(post.Media);
        Assert.Equal(("picture", "image", "https://cdn.test/a.jpg"), (media.Slot, media.Kind, media.OriginalUrl));
        using var http = world.Node.ClientWithKey(world.AcmeReader);
        var overHttp = await http.GetFromJsonAsync<JsonElement>($"/api/posts/{Uri.EscapeDataString(first.PostId)}", Ct);
        Assert.Equal(overHttp.GetProperty("status").GetString(), post.Status);
        Assert.Equal(overHttp.GetProperty("attempts").GetInt32(), post.Attempts);
    }

    [Fact]
    public async Task GetPost_AfterAFailedAttempt_LastErrorAsFieldsAndAsTheOldJson()
    {
        // A host that never resolves (RFC 6761): the first attempt fails at once.
        var request = new IngestPostRequest { PostId = "grpc-error-1", Source = "manual", Media = { new MediaInput { Url = "https://media.invalid/a.jpg" } } };
        var postId = (await Client.IngestPostAsync(request, GrpcCalls.With(world.AcmeManager, Ct))).PostId;

        Post post = null!;
        await Silo.Testing.Eventually.UntilAsync(async () =>
            (post = await Client.GetPostAsync(new GetPostRequest { PostId = postId }, GrpcCalls.With(world.AcmeReader, Ct))).LastError is not null,
            "the first attempt failed");

        using var json = JsonDocument.Parse(post.LastErrorJson);
        var old = json.RootElement;
        Assert.False(string.IsNullOrEmpty(post.LastError.Type));
        Assert.Equal(old.GetProperty("type").GetString(), post.LastError.Type);
        Assert.Equal(old.GetProperty("message").GetString(), post.LastError.Message);
        Assert.Equal(old.GetProperty("attempt").GetInt32(), post.LastError.Attempt);
        Assert.Equal(old.GetProperty("timestamp").GetDateTimeOffset(), post.LastError.Timestamp.ToDateTimeOffset());
    }

    [Fact]
    public async Task GetPost_FileTheScrubCouldNotRepair_DamagedAsOverHttp()
    {
        const string postId = "manual:grpc-damaged";
        var sha = new string('d', 64);
        await world.Database.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, status) values (@id, 'manual', 'grpc-damaged', 'acme', 'success');
            insert into media_files (sha256, storage_key, backend, size, mime_type) values (@sha, 'dd/dd/grpc-damaged.png', 'filesystem', 10, 'image/png');
            insert into post_media (post_id, slot, role, kind, original_url, action, status, sha256, storage_key)
                values (@id, 'picture', 'attachment', 'image', 'https://cdn.test/grpc-damaged.png', 'download', 'success', @sha, 'dd/dd/grpc-damaged.png');
            insert into scrub_runs (run, status, phase, backend, files_checked, bytes_checked, objects_listed, started_at, finished_at)
                values (1, 'done', 'over', 'filesystem', 1, 10, 1, now(), now());
            insert into scrub_findings (run, kind, storage_key, sha256, size, outcome, detail)
                values (1, 'missing', 'dd/dd/grpc-damaged.png', @sha, 10, 'unrepaired', 'the stored link has expired');
            """, ("id", postId), ("sha", sha));

        var post = await Client.GetPostAsync(new GetPostRequest { PostId = postId }, GrpcCalls.With(world.AcmeReader, Ct));

        using var http = world.Node.ClientWithKey(world.AcmeReader);
        var overHttp = (await http.GetFromJsonAsync<JsonElement>($"/api/posts/{Uri.EscapeDataString(postId)}", Ct)).GetProperty("damaged");
        var expected = Assert.Single(overHttp.EnumerateArray());
        var damaged = Assert.Single(post.Damaged);
        Assert.Equal(("picture", "file", "missing", "dd/dd/grpc-damaged.png", 1, "the stored link has expired"),
            (damaged.Slot, damaged.File, damaged.Kind, damaged.StorageKey, damaged.Run, damaged.Detail));
        Assert.Equal(expected.GetProperty("remedy").GetString(), damaged.Remedy);
        Assert.False(string.IsNullOrEmpty(damaged.Remedy));
        Assert.Equal(expected.GetProperty("foundAt").GetDateTimeOffset(), damaged.FoundAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task IngestPost_BadFields_InvalidArgumentWithAFieldViolationPerProtoField()
    {
        var request = new IngestPostRequest
        {
            Source = "rss",
            Media = { new MediaInput { Url = "ftp://cdn.test/a.jpg" }, new MediaInput { Url = "https://cdn.test/b.mp4", Kind = "gif" } },
        };
        var postsBefore = await world.Database.ScalarAsync<long>("select count(*) from posts");

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.IngestPostAsync(request, GrpcCalls.With(world.AcmeManager, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal);
        Assert.Equal(["media[0].url", "media[1].kind", "post_id", "source"], violations);
        Assert.Contains("post_id", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(postsBefore, await world.Database.ScalarAsync<long>("select count(*) from posts"));
    }

    [Fact]
    public async Task IngestPost_AnotherTenantNamed_InvalidArgumentOnTenant()
    {
        var request = new IngestPostRequest { PostId = "grpc-foreign", Source = "manual", Tenant = "globex" };

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.IngestPostAsync(request, GrpcCalls.With(world.AcmeManager, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("tenant", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task GetPost_AnotherTenantsPost_NotFound()
    {
        var ingested = await Client.IngestPostAsync(new IngestPostRequest { PostId = "grpc-acme-only", Source = "youtube" }, GrpcCalls.With(world.AcmeManager, Ct));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetPostAsync(new GetPostRequest { PostId = ingested.PostId }, GrpcCalls.With(world.GlobexManager, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Calls_NoKeyOrTooLowAKey_UnauthenticatedOrPermissionDeniedWithAReadableMessage()
    {
        var request = new IngestPostRequest { PostId = "grpc-denied", Source = "manual" };

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Client.IngestPostAsync(request, GrpcCalls.With(null, Ct)).ResponseAsync);
        var reader = await Assert.ThrowsAsync<RpcException>(() => Client.IngestPostAsync(request, GrpcCalls.With(world.AcmeReader, Ct)).ResponseAsync);

        Assert.Equal((StatusCode.Unauthenticated, "An API key is required: send metadata 'authorization: Bearer <key>' with an active key."),
            (anonymous.StatusCode, anonymous.Status.Detail));
        Assert.Equal((StatusCode.PermissionDenied, "This API key lacks the permission this method needs."), (reader.StatusCode, reader.Status.Detail));
        Assert.Equal(0L, await world.Database.ScalarAsync<long>("select count(*) from posts where source_post_id = 'grpc-denied'"));
    }

    [Fact]
    public async Task GetPost_NoId_InvalidArgumentNamingPostId()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetPostAsync(new GetPostRequest(), GrpcCalls.With(world.AcmeReader, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("post_id", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }
}
