using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using Silo.Testing;

namespace Silo.Media.Tests.Deletion;

/// <summary>
/// An admin deletes one source's posts, then a whole tenant's, as jobs on a real node; another tenant's admin cannot; a purge
/// is previewed (the posts it would delete), stopped midway and started again; every reader sees the retention in force.
/// </summary>
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
        Assert.Equal("youtube:y1", await database.ScalarAsync<string>("select post_id from post_deletions where reason = 'tenant' and tenant = 'acme'"));
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/deletions/tenants/acme", Ct)).StatusCode);
    }

    [Fact]
    public async Task Cancel_RunningPurge_StopsWithThePostsLeftAndAStartDeletesTheRest()
    {
        // One post a step, so the purge is still running when it is stopped.
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?> { ["Silo:Deletion:SweepBatch"] = "1" });
        using var admin = world.Node.ClientWithKey(await world.KeyAsync("initech", Permissions.Admin));
        using var globex = world.Node.ClientWithKey(await world.KeyAsync("globex", Permissions.Admin));
        await database.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, message, status)
            select 'manual:stop-' || i, 'manual', 'stop-' || i, 'initech', 'post ' || i, 'success' from generate_series(1, 300) i
            """);

        var preview = await admin.GetFromJsonAsync<JsonElement>("/api/deletions/tenants/initech/preview?source=manual", Ct);
        Assert.Equal((300, JsonValueKind.Null), (preview.GetProperty("posts").GetInt32(), preview.GetProperty("purge").ValueKind));
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/deletions/tenants/initech/preview?source=youtube", Ct)).GetProperty("posts").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/deletions/tenants/initech/preview", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/deletions/tenants/initech/cancel", null, Ct)).StatusCode); // none started

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/deletions/tenants/initech", null, Ct)).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("select count(*) from posts where tenant = 'initech'") < 299,
            "the purge deleted a few posts");
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsync("/api/deletions/tenants/initech/cancel", null, Ct)).StatusCode);
        var stop = await admin.PostAsync("/api/deletions/tenants/initech/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        var stopped = await stop.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("cancelled", stopped.GetProperty("status").GetString());
        var deleted = stopped.GetProperty("deleted").GetInt32();
        Assert.InRange(deleted, 1, 299);
        Assert.Equal(300 - deleted, await database.ScalarAsync<long>("select count(*) from posts where tenant = 'initech'"));
        var after = await admin.GetFromJsonAsync<JsonElement>("/api/deletions/tenants/initech/preview", Ct);
        Assert.Equal((300 - deleted, "cancelled"), (after.GetProperty("posts").GetInt32(), after.GetProperty("purge").GetProperty("status").GetString()));
        // Stopping it again changes nothing; its work loop holds no reminder.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/deletions/tenants/initech/cancel", null, Ct)).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id like '%initech|*'") == 0, "the purge's reminder is gone");
        Assert.Equal(300 - deleted, await database.ScalarAsync<long>("select count(*) from posts where tenant = 'initech'"));

        // Started again, it deletes the rest and is done; a done purge has nothing to stop.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/deletions/tenants/initech", null, Ct)).StatusCode);
        await UntilDoneAsync(admin, "/api/deletions/tenants/initech", deleted: 300 - deleted);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from posts where tenant = 'initech'"));
        var conflict = await admin.PostAsync("/api/deletions/tenants/initech/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Retention_AnyReader_SeesEachSourcesRetentionAndTheGracePeriod()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Deletion:Retention:instagram"] = "30.00:00:00", ["Silo:Deletion:GracePeriod"] = "2.00:00:00",
        });
        using var reader = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.AnalyticsRead));

        var retention = await reader.GetFromJsonAsync<JsonElement>("/api/deletions/retention", Ct);

        Assert.Equal("2.00:00:00", retention.GetProperty("gracePeriod").GetString());
        var sources = retention.GetProperty("sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("source").GetString()!, s => s.GetProperty("keepFor").ValueKind == JsonValueKind.Null ? null : s.GetProperty("keepFor").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["facebook"] = null, ["instagram"] = "30.00:00:00", ["patreon"] = null, ["youtube"] = null, ["manual"] = null },
            sources);
    }

    private static Task UntilDoneAsync(HttpClient client, string path, int deleted) => Eventually.UntilAsync(async () =>
    {
        var view = await client.GetFromJsonAsync<JsonElement>(path, Ct);
        return view.GetProperty("status").GetString() == "done" && view.GetProperty("deleted").GetInt32() == deleted;
    }, $"{path} is done with {deleted} post(s) deleted");
}
