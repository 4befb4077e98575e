using System.Net;
using System.Net.Http.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The post page's delete action and the deletions page in headless Chromium (tests/browser/deletion.test.mjs): a reader
/// sees the retention but no action, no audit lines and no purge form; a manager confirms in the page, the post goes and its
/// audit line is shown; an admin stops one purge midway and follows another to its end.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserDeletionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deletion_InHeadlessChromium_ConfirmedDeleteShowsItsAuditLine()
    {
        var root = BrowserTests.RepositoryRoot();
        await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Deletion:Retention:instagram"] = "30.00:00:00",
            // A post a step: the purge of 600 posts is still running when the page's Stop is clicked.
            ["Silo:Deletion:SweepBatch"] = "1",
        });
        var manager = await Keys.CreateAsync(node, Permissions.Manager);
        var reader = await Keys.CreateAsync(node, Permissions.AnalyticsRead);
        var admin = await Keys.CreateAsync(node, Permissions.Admin);
        await database.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, message, status)
            select 'youtube:purge-' || i, 'youtube', 'purge-' || i, 'tenant-a', 'video ' || i, 'success' from generate_series(1, 3) i
            union all
            select 'patreon:purge-' || i, 'patreon', 'purge-' || i, 'tenant-a', 'post ' || i, 'success' from generate_series(1, 600) i
            """);
        using var api = node.ClientWithKey(manager);
        foreach (var id in new[] { "to-delete", "to-keep" })
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/posts", new { postId = id, source = "manual", message = $"post {id}" }, Ct)).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from posts where post_id in ('manual:to-delete', 'manual:to-keep') and status not in ('pending', 'downloading')") == 2,
            "both posts are stored");

        var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "deletion.test.mjs"),
            node.Address.ToString(), manager, reader, admin, "manual:to-delete", "manual:to-keep",
            Path.Combine(root, "artifacts", "dashboard-screenshots", "deletion")], root, expectModules: false);
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
        Assert.Equal("manual:to-keep", await database.ScalarAsync<string>("select string_agg(post_id, ',') from posts where post_id like 'manual:to-%'"));
        Assert.Equal("tenant-a manager", await database.ScalarAsync<string>("select tenant || ' ' || reason from post_deletions where post_id = 'manual:to-delete'"));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from posts where source = 'youtube' and tenant = 'tenant-a'"));
        var patreonLeft = await database.ScalarAsync<long>("select count(*) from posts where source = 'patreon' and tenant = 'tenant-a'");
        Assert.InRange(patreonLeft, 1, 599);
        Assert.Equal(600 - patreonLeft, await database.ScalarAsync<long>("select count(*) from post_deletions where post_id like 'patreon:purge-%' and reason = 'source'"));
    }
}
