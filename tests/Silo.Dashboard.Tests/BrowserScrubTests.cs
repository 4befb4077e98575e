using System.Net;
using System.Net.Http.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Host.Demo;
using Silo.Simulators;
using Silo.Simulators.MetaCdn;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The integrity scrub's card on the storage page in headless Chromium (tests/browser/scrub.test.mjs): the operator starts a
/// run from the page and reads its report, the orphan it listed and the file it could not fetch again; a tenant's reader sees
/// the run without the orphan and without the button, and the library marks its post whose file the run could not repair.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserScrubTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoragePage_InHeadlessChromium_ScrubStartedItsOrphanListedAndTheUnrepairedPostMarked()
    {
        var root = BrowserTests.RepositoryRoot();
        var cdn = new MetaCdnSimulator();
        await using var simulators = await SimulatorServer.StartAsync(app => app.MapMetaCdnSimulator("/cdn", cdn), cancellationToken: Ct);
        await using var media = new TempFolder("silo-scrub-page");
        Directory.CreateDirectory(Path.Combine(media.Path, "strays"));
        await File.WriteAllBytesAsync(Path.Combine(media.Path, "strays", "left-behind.bin"), new byte[321], Ct);
        await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Media:Storage:Root"] = media.Path,
            ["Silo:Media:Scrub:Interval"] = "00:00:00",
            ["Silo:Media:AllowedHosts:0"] = $"127.0.0.1:{simulators.Address.Port}",
            ["Silo:Media:AllowLoopbackForTesting"] = "true",
        });
        var reader = await Keys.CreateAsync(node, Permissions.AnalyticsRead);
        // A post of the reader's tenant whose stored file is then lost, and whose link no longer serves it.
        cdn.AddFile("mark.png", DemoImages.Gradient(48, 36, seed: 11), "image/png");
        using (var admin = node.AdminClient())
        {
            var created = await admin.PostAsJsonAsync("/api/posts", new
            {
                postId = "scrub-mark", source = "manual", tenant = "tenant-a", message = "Lost in the store",
                media = new[] { new { url = cdn.SignedUrl("mark.png"), kind = "image" } },
            }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        }
        await Eventually.UntilAsync(async () => await database.ScalarAsync<string>("select status from posts where post_id = 'manual:scrub-mark'") == "success",
            "the post is archived", TimeSpan.FromSeconds(60));
        var key = await database.ScalarAsync<string>("select storage_key from post_media where post_id = 'manual:scrub-mark'");
        File.Delete(Path.Combine(media.Path, key));
        await database.ExecuteAsync("update post_media set original_url = @u where post_id = 'manual:scrub-mark'", ("u", cdn.SignedUrl("gone.png")));

        var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "scrub.test.mjs"),
            node.Address.ToString(), TestNode.AdminKey, reader, "manual:scrub-mark", Path.Combine(root, "artifacts", "dashboard-screenshots", "scrub")],
            root, expectModules: false);
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from scrub_findings where kind = 'orphaned' and storage_key = 'strays/left-behind.bin'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from scrub_findings where kind = 'missing' and outcome = 'unrepaired' and storage_key = @k", ("k", key)));
    }
}
