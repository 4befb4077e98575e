using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The module sections in a real browser with data in them (sample rows shaped as the issues
/// describe, see <see cref="SampleModuleData"/>), while a batch's clips are published one by one:
/// the page's clip progress must move without a reload.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserModuleDataTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Dashboard_ModuleSectionsWithData_RenderCleanAndClipProgressMovesLive()
    {
        var root = BrowserTests.RepositoryRoot();
        Assert.True(await SampleModuleData.CreateAsync(database), "this database already has module tables");
        await using var node = await DashboardNode.StartAsync(database);
        var key = await Keys.CreateAsync(node, Permissions.Manager);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var traffic = BrowserTests.KeepBusyAsync(node, stop.Token);
        var clips = SampleModuleData.AdvanceClipsAsync(database, TimeSpan.FromMilliseconds(500), stop.Token);
        try
        {
            var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "dashboard.test.mjs"),
                node.Address.ToString(), key, Path.Combine(root, "artifacts", "dashboard-screenshots", "with-module-data")], root, expectModules: true);
            TestContext.Current.TestOutputHelper?.WriteLine(output);
            Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(traffic, clips);
        }
    }
}
