using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using Silo.Testing;

namespace Silo.Media.Tests.Deletion;

/// <summary>An admin deletes one source's posts, then a whole tenant's, as jobs on a real node; another tenant's admin cannot.</summary>
public sealed class PurgeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Purge_SourceThenTenant_EveryPostOfItGoesThroughItsGrainWithAnAuditLine()
    {
        await using var world = await MediaWorld.StartAsync(database);
        using var admin = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Admin));
        using var globex = world.Node.ClientWithKey(await world.KeyAsync("globex", Permissions.Admin));
        foreach (var (source, id) in new[] { ("manual", "m1"), ("manual", "m2"), ("youtube", "y1") })
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/api/posts", new { source, postId = id, message = $"post {id}" }, Ct)).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("select count(*) from posts where tenant = 'acme'") == 3, "the posts are stored");

        var refused = await globex.PostAsync("/api/deletions/tenants/acme", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/deletions/tenants/acme?source=myspace", null, Ct)).StatusCode);
        Assert.Equal(3, await database.ScalarAsync<long>("select count(*) from posts where tenant = 'acme'"));

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/deletions/tenants/acme?source=manual", null, Ct)).StatusCode);
        await UntilDoneAsync(admin, "/api/deletions/tenants/acme?source=manual", deleted: 2);
        Assert.Equal("youtube:y1", await database.ScalarAsync<string>("select string_agg(post_id, ',') from posts where tenant = 'acme'"));
        Assert.Equal(2, await database.ScalarAsync<long>("select count(*) from post_deletions where tenant = 'acme' and reason = 'source' and actor like 'key:acme-admin-%'"));

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/deletions/tenants/acme", null, Ct)).StatusCode);
        await UntilDoneAsync(admin, "/api/deletions/tenants/acme", deleted: 1);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from posts where tenant = 'acme'"));
        Assert.Equal("youtube:y1", await database.ScalarAsync<string>("select post_id from post_deletions where reason = 'tenant'"));
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/deletions/tenants/acme", Ct)).StatusCode);
    }

    private static Task UntilDoneAsync(HttpClient client, string path, int deleted) => Eventually.UntilAsync(async () =>
    {
        var view = await client.GetFromJsonAsync<JsonElement>(path, Ct);
        return view.GetProperty("status").GetString() == "done" && view.GetProperty("deleted").GetInt32() == deleted;
    }, $"{path} is done with {deleted} post(s) deleted");
}
