using System.Diagnostics;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The dashboards in a real browser: Debian's headless Chromium driven by playwright-core
/// (tests/browser/dashboard.test.mjs) against a real node on loopback: an anonymous browser is sent
/// to sign in, a signed-in one (a key of tenant *) loads the Orleans Dashboard and sees the silo, a
/// tenant's key sees Silo's pages without its link, with every request off loopback failing the run.
/// Installed by deploy/test-tools.sh.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Dashboards_InHeadlessChromium_SignInLoadsTheOrleansDashboardAndSilosPagesOffline()
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "tests", "browser", "dashboard.test.mjs");
        Assert.True(Directory.Exists(Path.Combine(root, "tests", "browser", "node_modules", "playwright-core")),
            "playwright-core is not installed in tests/browser: run deploy/test-tools.sh");
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is not installed: run deploy/test-tools.sh");

        await using var node = await DashboardNode.StartAsync(database);
        var key = await Keys.CreateAsync(node, Permissions.AnalyticsRead, "*");
        var tenantKey = await Keys.CreateAsync(node, Permissions.AnalyticsRead);
        var (exitCode, output) = await RunAsync("node", [script, node.Address.ToString(), key,
            Path.Combine(root, "artifacts", "dashboard-screenshots"), tenantKey], root, expectModules: false);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string workingDirectory, bool expectModules)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (expectModules) start.Environment["SILO_EXPECT_MODULES"] = "1";
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"Timed out after {Timeout.TotalMinutes} minutes.\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, $"{await stdout}\n{await stderr}".Trim());
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Silo.sln")))
                return directory.FullName;
        throw new InvalidOperationException("Silo.sln not found above the test's directory.");
    }
}
