using Microsoft.Extensions.DependencyInjection;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Insights.Accounts;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The module sections in a real browser with the real modules behind them: the publishing module
/// publishes Story batches to the Metricool simulator while the page is open (one batch left paused
/// on an unconfirmed clip, so a manager's Resume/Skip show), and the insights module syncs the
/// stub ad account. A demo batch's clip progress must move without a reload.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserModuleDataTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Dashboard_RealModulesPublishingWhileOpen_RenderCleanAndClipProgressMovesLive()
    {
        var root = BrowserTests.RepositoryRoot();
        await using var metricool = await MetricoolServer.StartAsync();
        var settings = metricool.NodeSettings(confirmationPoll: TimeSpan.FromMilliseconds(400));
        await using var node = await DashboardNode.StartAsync(database, settings);
        await node.Services.GetRequiredService<AccountConnector>().ConnectAsync("act_1001", "demo", "Demo act_1001", AccountConnector.ClusterToken, "*");
        // Tenant *: the page opens the Orleans Dashboard, and the batches published with the bootstrap key are tenant *'s.
        var key = await Keys.CreateAsync(node, Permissions.Manager, "*");

        // One batch whose first clip's fate is unknown (500 after the create, lookups failing): paused, waiting for a person.
        metricool.Simulator.SetFaults(f => { f.ServerErrorsAfterCreate = 1; f.ReadServerErrors = 1000; });
        await MetricoolServer.PublishAsync(node, "waiting", 2);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from publish_batch_clips where status = 'unconfirmed'") == 1, "a clip is left unconfirmed", TimeSpan.FromSeconds(60));
        metricool.Simulator.SetFaults(f => f.ReadServerErrors = 0);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var batches = KeepPublishingAsync(node, stop.Token);
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
            await batches;
        }
        Assert.All(metricool.Simulator.Posts.GroupBy(p => string.Join(',', p.Media)), g => Assert.Single(g));
    }

    // A new 6-clip batch whenever the previous one is done: clips keep moving while the page looks.
    private async Task KeepPublishingAsync(TestNode node, CancellationToken cancellationToken)
    {
        try
        {
            for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
            {
                var batchId = await MetricoolServer.PublishAsync(node, $"moving-{n}", 6);
                await Eventually.UntilAsync(async () => cancellationToken.IsCancellationRequested ||
                    await database.ScalarAsync<string>("select status from publish_batches where batch_id = @b", ("b", batchId)) == "completed",
                    "the batch completes", TimeSpan.FromMinutes(2));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
