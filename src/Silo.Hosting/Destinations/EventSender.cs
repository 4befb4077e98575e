using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;
using Silo.Hosting.Outbound;

namespace Silo.Hosting.Destinations;

/// <summary>
/// Sends one event to one destination, once, in the shape of its kind: an email goes to <see cref="EmailSender"/>, a webhook
/// or Slack post is sent here. Its client connects only through <see cref="GuardedConnector"/> (the guard media downloads
/// use), follows no redirect and uses no proxy, so what was decided is what is reached.
/// </summary>
public sealed class EventSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly DestinationAddress _address;
    private readonly DestinationOptions _options;
    private readonly TimeProvider _time;
    private readonly EmailSender? _email;

    public EventSender(IOptions<DestinationOptions> options, DestinationAddress address, EmailSender email,
        [FromKeyedServices(SiloClock.Key)] TimeProvider time)
        : this(options, address, time, resolve: null, email) { }

    /// <param name="resolve">The resolver; a test gives its own so that nothing is looked up.</param>
    /// <param name="email">The email sender; null where a test sends only webhooks.</param>
    internal EventSender(IOptions<DestinationOptions> options, DestinationAddress address, TimeProvider time,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve, EmailSender? email = null)
    {
        (_options, _address, _time, _email) = (options.Value, address, time, email);
        var connector = new GuardedConnector(address.PrivateHosts, allowLoopbackForTesting: false, resolve, admitPrivateNamed: true);
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            AllowAutoRedirect = false, // a redirect would reach a URL nobody checked
            UseProxy = false,          // a proxy would connect for us, past the address check
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = _options.RequestTimeout,
        }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Silo-Notifications/1.0");
    }

    public async Task<SendResult> SendAsync(Destination destination, NotificationEvent e, CancellationToken cancellationToken)
    {
        if (destination.Kind == DestinationKinds.Email)
            return _email is null ? new SendResult(false, null, "Email is not set up on this node.") : await _email.SendAsync(destination, e, cancellationToken);
        if (_address.Refusal(destination.Url) is { } refusal) return new SendResult(false, null, "Refused: the URL " + refusal);
        var slack = destination.Kind == DestinationKinds.Slack;
        var body = slack ? EventBodies.Slack(e) : EventBodies.Webhook(e);
        using var request = new HttpRequestMessage(HttpMethod.Post, destination.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (!slack)
        {
            request.Headers.Add(WebhookSignature.EventIdHeader, e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.EventTypeHeader, e.Type);
            request.Headers.Add(WebhookSignature.TimestampHeader, _time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (destination.Secret is { } secret) request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, body));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new SendResult(true, code, null);
            if (slack) return await SlackRefusalAsync(response, timeout.Token);
            return new SendResult(false, code, $"HTTP {code} {response.ReasonPhrase}", PauseNow: response.StatusCode == HttpStatusCode.Gone ? PauseRule.Gone : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, null, $"No answer within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex) when (Refused(ex) is { } refused)
        {
            return new SendResult(false, null, "Refused: " + refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(false, null, ex.Message);
        }
    }

    /// <summary>
    /// Slack answers a failed incoming-webhook post with a status and a short error string as the body (<c>no_service</c>,
    /// <c>channel_not_found</c>, …): the string goes into the delivery log, and a 403, 404 or 410 pauses the destination at
    /// once (<see cref="PauseRule.SlackRefused"/>). Only the body's first bytes are read: a string, not a page.
    /// </summary>
    private static async Task<SendResult> SlackRefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        var error = await SlackErrorAsync(response, cancellationToken);
        var said = error is null ? $"HTTP {code} {response.ReasonPhrase}" : $"HTTP {code} {response.ReasonPhrase}: {error}";
        var removed = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone;
        return new SendResult(false, code, said, PauseNow: removed ? PauseRule.SlackRefused(code, error ?? response.ReasonPhrase ?? "") : null);
    }

    private static async Task<string?> SlackErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[SlackErrorBytes];
        var read = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            for (int n; read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0;) read += n;
        }
        catch (Exception e) when (e is HttpRequestException or IOException) { } // the status alone still says what happened
        // Slack's errors are lowercase words joined by '_': anything else (an HTML page from a proxy) is not quoted.
        var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
        return text.Length is > 0 and <= 64 && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') ? text : null;
    }

    private const int SlackErrorBytes = 256;

    private static AddressRefusedException? Refused(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is AddressRefusedException refused) return refused;
        return null;
    }

    public void Dispose() => _http.Dispose();
}
