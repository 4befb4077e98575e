using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Simulators;
using Silo.Simulators.Receiver;
using Silo.Simulators.Smtp;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The notifications page in headless Chromium (tests/browser/notifications.test.mjs): a manager's form refused a private
/// address with the API's messages, a signed webhook added on the receiver simulator (admitted on loopback by
/// <c>Silo:Notifications:PrivateHosts</c>) with its secret shown once, a test event delivered and shown in the log, a
/// reader seeing no command and refused one, and the destination deleted; then an email destination added from the same
/// form and its test event sent with MailKit to the SMTP relay simulator (the node's <c>Silo:Notifications:Smtp</c>); and a
/// webhook whose receiver is down paused after <c>DisableAfter</c> (2 s here) and resumed from the page.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserNotificationsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Notifications_InHeadlessChromium_AddTestAndDeleteADestination()
    {
        var root = BrowserTests.RepositoryRoot();
        var receiver = new ReceiverSimulator();
        var mail = new SmtpSimulator();
        await using var relay = SmtpRelayListener.Start(mail);
        await using var server = await SimulatorServer.StartAsync(app =>
        {
            app.MapReceiverSimulator(receiver);
            app.MapSmtpSimulator(mail);
        }, cancellationToken: TestContext.Current.CancellationToken);
        await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Notifications:PrivateHosts:0"] = $"127.0.0.1:{server.Address.Port}",
            ["Silo:Notifications:Smtp:Host"] = relay.Host,
            ["Silo:Notifications:Smtp:Port"] = relay.Port.ToString(),
            ["Silo:Notifications:Smtp:Security"] = "None",
            ["Silo:Notifications:Smtp:From"] = "silo@example.com",
            ["Silo:Notifications:DisableAfter"] = "00:00:02",
            ["Silo:Notifications:RetryBaseDelay"] = "00:00:00.200",
            ["Silo:Notifications:RetryMaxDelay"] = "00:00:00.500",
        });
        var manager = await Keys.CreateAsync(node, Permissions.Manager);
        var reader = await Keys.CreateAsync(node, Permissions.AnalyticsRead);

        var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "notifications.test.mjs"),
            node.Address.ToString(), manager, reader, server.Url("receiver/hooks/page").ToString(),
            Path.Combine(root, "artifacts", "dashboard-screenshots", "notifications")], root, expectModules: false);
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
        // The one event the first webhook heard is the test, of the keys' tenant, as a signed webhook.
        var received = Assert.Single(receiver.Received, r => r.Path.EndsWith("/page", StringComparison.Ordinal));
        Assert.Equal("test", received.EventType);
        Assert.Equal("tenant-a", JsonDocument.Parse(received.Body).RootElement.GetProperty("tenant").GetString());
        // And the one email, the email destination's test, to both addresses.
        var email = Assert.Single(mail.Received);
        Assert.StartsWith("[Silo tenant-a] Test event: destination:", email.Subject);
        Assert.Equal(["ops@example.com", "oncall@example.com"], email.To);
        // The paused one's test event, delivered once after it was resumed.
        Assert.Equal("test", Assert.Single(receiver.Received, r => r.Path.EndsWith("/flaky", StringComparison.Ordinal)).EventType);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from notification_destinations"));
    }

    /// <summary>A node with no SMTP relay (tests/browser/notifications-no-relay.test.mjs): email shown disabled, and why.</summary>
    [Fact]
    public async Task Notifications_NoRelayConfigured_EmailShownDisabledWithTheReason()
    {
        var root = BrowserTests.RepositoryRoot();
        await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>());
        var manager = await Keys.CreateAsync(node, Permissions.Manager);

        var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "notifications-no-relay.test.mjs"),
            node.Address.ToString(), manager], root, expectModules: false);
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
    }
}
