using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The storage page's exports in headless Chromium (tests/browser/exports.test.mjs): a manager's bad date range refused with
/// the API's message, an export started whose bar fills and whose download link appears without a reload and serves a tar,
/// a manager deleting it early (listed as expired, its parts gone from the store), and a reader seeing it but no command.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserExportsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Exports_InHeadlessChromium_StartFollowAndDownload()
    {
        var root = BrowserTests.RepositoryRoot();
        var store = Directory.CreateTempSubdirectory("silo-export-browser-").FullName;
        try
        {
            await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>
            {
                ["Silo:Media:Storage:Root"] = store,
                ["Silo:Media:Export:PostsPerSegment"] = "1",
            });
            await File.WriteAllTextAsync(Path.Combine(store, "export-browser.txt"), "a stored file", TestContext.Current.CancellationToken);
            await database.ExecuteAsync("""
                insert into media_files (sha256, storage_key, backend, size, mime_type, reference_count)
                values ('exportbrowser', 'export-browser.txt', 'filesystem', 13, 'text/plain', 3) on conflict do nothing;
                insert into posts (post_id, source, source_post_id, tenant, message, status) values
                  ('manual:eb1', 'manual', 'eb1', 'tenant-a', 'uno', 'success'), ('manual:eb2', 'manual', 'eb2', 'tenant-a', 'dos', 'success'),
                  ('fb:eb3', 'facebook', 'eb3', 'tenant-a', 'tres', 'success'), ('manual:eb4', 'manual', 'eb4', 'tenant-b', 'otro', 'success');
                insert into post_media (post_id, slot, role, kind, original_url, action, status, sha256, storage_key, size)
                select post_id, 'media', 'primary', 'image', 'https://cdn.test/x', 'download', 'success', 'exportbrowser', 'export-browser.txt', 13
                  from posts where post_id in ('manual:eb1', 'manual:eb2', 'fb:eb3');
                """);
            var manager = await Keys.CreateAsync(node, Permissions.Manager);
            var reader = await Keys.CreateAsync(node, Permissions.AnalyticsRead);

            var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "exports.test.mjs"),
                node.Address.ToString(), manager, reader, Path.Combine(root, "artifacts", "dashboard-screenshots", "exports")], root, expectModules: false);
            TestContext.Current.TestOutputHelper?.WriteLine(output);

            Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
            Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from media_exports where tenant = 'tenant-a' and status = 'expired' and posts_written = 3"));
            Assert.False(Directory.Exists(Path.Combine(store, "exports")), "the expired export's parts (or their emptied folders) are still there");
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }
}
