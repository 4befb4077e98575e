using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Silo.Hosting.Destinations;

namespace Silo.Hosting.Tests.Destinations;

/// <summary>
/// The relay's address is decided as a webhook's is: the configured relay may be private or loopback (the operator named
/// it), never a metadata or link-local address; and without a relay nothing is attempted.
/// </summary>
public sealed class EmailSenderTests
{
    private static readonly NotificationEvent Event = new(7, "acme", EventTypes.PostError, "fb:1", JsonDocument.Parse("{}").RootElement, DateTimeOffset.UnixEpoch, 0);
    private static readonly Destination To = new(1, "acme", "n", DestinationKinds.Email, "mailto:ops@example.com", null, [EventTypes.PostError], 0, 0, null, DateTimeOffset.UnixEpoch, 0);

    [Theory]
    [InlineData("169.254.169.254", "a cloud metadata service address")]
    [InlineData("fe80::1", "a link-local address")]
    public async Task SendAsync_RelayResolvesToAForbiddenAddress_RefusedWithoutConnecting(string resolved, string kind)
    {
        var resolutions = 0;
        var relay = Options.Create(new SmtpRelayOptions { Host = "relay.example.com", Port = 25, From = "silo@example.com", Security = SmtpSecurity.None });
        var sender = new EmailSender(relay, Options.Create(new DestinationOptions()), (_, _) =>
        {
            resolutions++;
            return Task.FromResult(new[] { IPAddress.Parse(resolved) });
        });

        var result = await sender.SendAsync(To, Event, TestContext.Current.CancellationToken);

        Assert.False(result.Delivered);
        Assert.StartsWith("Refused:", result.Error);
        Assert.Contains(kind, result.Error);
        Assert.Equal(1, resolutions);
    }

    [Fact]
    public async Task SendAsync_ConfiguredLoopbackRelayNotListening_AdmittedAndRetriedAsUnreachable()
    {
        // A port nothing listens on: the relay is "down", connection refused.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var relay = Options.Create(new SmtpRelayOptions { Host = "127.0.0.1", Port = port, From = "silo@example.com", Security = SmtpSecurity.None });
        var sender = new EmailSender(relay, Options.Create(new DestinationOptions()));

        var result = await sender.SendAsync(To, Event, TestContext.Current.CancellationToken);

        // Loopback is admitted because the operator configured this relay; the failure is a transient one.
        Assert.False(result.Delivered);
        Assert.False(result.Permanent);
        Assert.StartsWith($"The relay 127.0.0.1:{port} could not be reached: Connection refused", result.Error);
    }

    [Fact]
    public async Task SendAsync_NoRelayConfigured_FailsSayingSoWithoutResolving()
    {
        var sender = new EmailSender(Options.Create(new SmtpRelayOptions()), Options.Create(new DestinationOptions()),
            (_, _) => throw new InvalidOperationException("nothing is resolved without a relay"));

        var result = await sender.SendAsync(To, Event, TestContext.Current.CancellationToken);

        Assert.False(sender.Configured);
        Assert.False(result.Delivered);
        Assert.Equal("No SMTP relay is configured (Silo:Notifications:Smtp:Host); the event waits for one.", result.Error);
    }
}
