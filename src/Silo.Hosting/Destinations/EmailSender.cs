using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Silo.Hosting.Outbound;

namespace Silo.Hosting.Destinations;

/// <summary>
/// Sends one event to an email destination through the operator's SMTP relay, once. The connection is opened by
/// <see cref="GuardedConnector"/>: the relay's name is resolved by Silo and each address decided as a webhook's is, except
/// that the configured relay (its exact <c>host:port</c>) may be on a loopback or private address, since the operator named
/// it; metadata, link-local and the other refused kinds stay refused. The allow-list does not apply: it limits what
/// tenants name, and a tenant names only recipients.
/// </summary>
public sealed class EmailSender
{
    private readonly SmtpRelayOptions _relay;
    private readonly DestinationOptions _options;
    private readonly GuardedConnector _connector;

    public EmailSender(IOptions<SmtpRelayOptions> relay, IOptions<DestinationOptions> options) : this(relay, options, resolve: null) { }

    /// <param name="resolve">The resolver; a test gives its own so that nothing is looked up.</param>
    internal EmailSender(IOptions<SmtpRelayOptions> relay, IOptions<DestinationOptions> options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve)
    {
        (_relay, _options) = (relay.Value, options.Value);
        var endpoint = _relay.IsConfigured ? [$"{Bracketed(_relay.Host!)}:{_relay.Port}"] : Array.Empty<string>();
        _connector = new GuardedConnector(new HostAllowList(endpoint), allowLoopbackForTesting: false, resolve, admitPrivateNamed: true);
    }

    /// <summary>Whether a relay is configured; without one, email destinations cannot be created.</summary>
    public bool Configured => _relay.IsConfigured;

    public async Task<SendResult> SendAsync(Destination destination, NotificationEvent e, CancellationToken cancellationToken)
    {
        if (!Configured) return new SendResult(false, null, $"No SMTP relay is configured ({SmtpRelayOptions.Section}:{nameof(SmtpRelayOptions.Host)}); the event waits for one.");
        var message = EventEmails.Message(destination, e, MailboxAddress.Parse(_relay.From!), EmailAddresses.Recipients(destination.Url));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var client = new SmtpClient { Timeout = (int)_options.RequestTimeout.TotalMilliseconds };
        try
        {
            var host = _relay.Host!.Trim();
            var addresses = await _connector.AllowedAddressesAsync(host, _relay.Port, timeout.Token);
            var stream = await GuardedConnector.ConnectToAsync(addresses, _relay.Port, timeout.Token);
            await client.ConnectAsync(stream, host, _relay.Port, Secure(_relay.Security), timeout.Token);
            if (!string.IsNullOrEmpty(_relay.Username)) await client.AuthenticateAsync(_relay.Username, _relay.Password ?? "", timeout.Token);
            await client.SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, null, $"The relay gave no answer within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (SmtpCommandException ex)
        {
            return Refused(ex);
        }
        catch (AuthenticationException ex)
        {
            return new SendResult(false, null, $"The relay refused Silo's user name or password ({ex.Message}); check {SmtpRelayOptions.Section}:{nameof(SmtpRelayOptions.Username)} and {nameof(SmtpRelayOptions.Password)}.", Permanent: true);
        }
        catch (AddressRefusedException ex)
        {
            return new SendResult(false, null, "Refused: " + ex.Message);
        }
        catch (SocketException ex)
        {
            return new SendResult(false, null, $"The relay {Relay()} could not be reached: {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or NotSupportedException or SslHandshakeException or ServiceNotConnectedException)
        {
            return new SendResult(false, null, $"The conversation with the relay {Relay()} failed: {ex.Message}");
        }
        // The relay took the message: a failing QUIT does not make it undelivered.
        try { await client.DisconnectAsync(quit: true, timeout.Token); }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SmtpProtocolException or SmtpCommandException) { }
        return new SendResult(true, 250, null);

        string Relay() => $"{_relay.Host}:{_relay.Port}";
    }

    // 4xx: the relay asks to be tried later (busy, greylisting); 5xx: it will not take this message as it is.
    private SendResult Refused(SmtpCommandException ex)
    {
        var code = (int)ex.StatusCode;
        var reply = $"{code} {ex.Message.Trim()}";
        var who = ex.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => $" the recipient {ex.Mailbox?.Address}",
            SmtpErrorCode.SenderNotAccepted => $" the sender {ex.Mailbox?.Address}",
            _ => " the message",
        };
        return code >= 500
            ? new SendResult(false, code, $"Refused permanently: the relay will not take{who} ({reply}). Trying again will not help until the address or the relay is fixed; it is tried again at most every {_options.RetryMaxDelay.TotalMinutes:0.#} min.", Permanent: true)
            : new SendResult(false, code, $"Deferred: the relay asks to be tried later ({reply}).");
    }

    private static SecureSocketOptions Secure(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static string Bracketed(string host) => IPAddress.TryParse(host.Trim(), out var a) && a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host.Trim()}]" : host.Trim();
}
