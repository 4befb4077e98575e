using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The integrity scrub's card on the storage page in headless Chromium (tests/browser/scrub.test.mjs): the operator starts a
/// run from the page and reads its report and the orphan it listed; a tenant's reader sees the run without the orphan and
/// without the button.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserScrubTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task StoragePage_InHeadlessChromium_ScrubStartedAndItsOrphanListed()
    {
        var root = BrowserTests.RepositoryRoot();
        await using var media = new TempFolder("silo-scrub-page");
        Directory.CreateDirectory(Path.Combine(media.Path, "strays"));
        await File.WriteAllBytesAsync(Path.Combine(media.Path, "strays", "left-behind.bin"), new byte[321], TestContext.Current.CancellationToken);
        await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Media:Storage:Root"] = media.Path,
            ["Silo:Media:Scrub:Interval"] = "00:00:00",
        });
        var reader = await Keys.CreateAsync(node, Permissions.AnalyticsRead);

        var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "scrub.test.mjs"),
            node.Address.ToString(), TestNode.AdminKey, reader, Path.Combine(root, "artifacts", "dashboard-screenshots", "scrub")], root, expectModules: false);
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from scrub_findings where kind = 'orphaned' and storage_key = 'strays/left-behind.bin'"));
    }
}
