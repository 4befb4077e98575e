using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Silo.Hosting.Outbound;

namespace Silo.Media.Archiving;

/// <summary>
/// A forward proxy on 127.0.0.1 for a tool's own requests (yt-dlp's <c>--proxy</c>): each target passes the same
/// decision as every download, its host on <paramref name="allowList"/> and each address it resolves to decided by
/// <paramref name="guard"/>, and the connection is made to an address so decided, never to the name again. A refused
/// target is answered 403 and nothing is connected. Serves <c>CONNECT host:port</c> (https, end-to-end TLS through a
/// tunnel) and absolute-URI plain HTTP, one request per connection with <c>Connection: close</c> to the origin, so a
/// kept-alive connection cannot be steered to a second host after the first was checked.
/// </summary>
public sealed partial class GuardedProxy(HostAllowList allowList, GuardedConnector guard, TimeSpan headTimeout, ILogger logger) : IAsyncDisposable
{
    private const int MaxHeadBytes = 32 * 1024;
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task? _accepting;

    /// <summary>The proxy's URL (<c>http://127.0.0.1:port</c>); it listens from the first call until disposed.</summary>
    public Uri Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_listener is null)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                (_listener, _accepting) = (listener, AcceptAsync(listener));
            }
            return new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        }
    }

    /// <summary>Whether <paramref name="host"/>:<paramref name="port"/> may be connected to, and at which addresses. Connects to nothing.</summary>
    public async Task<ProxyDecision> DecideAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (!allowList.Allows(host, port)) return ProxyDecision.Refuse($"{host}:{port} is not an allowed host.");
        try { return ProxyDecision.Allow(await guard.AllowedAddressesAsync(host, port, cancellationToken)); }
        catch (AddressRefusedException e) { return ProxyDecision.Refuse(e.Message); }
        catch (SocketException e) { return ProxyDecision.Unresolved($"{host} could not be resolved: {e.Message}"); }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try { client = await listener.AcceptSocketAsync(_stopping.Token); }
            catch (Exception) when (_stopping.IsCancellationRequested) { return; }
            catch (SocketException e)
            {
                LogAcceptFailed(logger, e.Message);
                continue;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using (client)
            await using (var stream = new NetworkStream(client, ownsSocket: false))
                await ServeAsync(stream);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            LogConnectionEnded(logger, e.Message);
        }
    }

    private async Task ServeAsync(NetworkStream client)
    {
        using var start = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        start.CancelAfter(headTimeout);
        if (await ReadHeadAsync(client, start.Token) is not var (head, rest))
        {
            await RespondAsync(client, 400, "The request head is missing, longer than 32 KiB or too slow.");
            return;
        }
        if (!ProxyRequest.TryParse(head, out var request, out var error))
        {
            await RespondAsync(client, 400, error!);
            return;
        }
        var decision = await DecideAsync(request!.Host, request.Port, start.Token);
        if (!decision.Allowed)
        {
            LogRefused(logger, request.Host, request.Port, decision.Reason);
            await RespondAsync(client, decision.Status, decision.Reason);
            return;
        }
        NetworkStream origin;
        try { origin = await GuardedConnector.ConnectToAsync(decision.Addresses, request.Port, start.Token); }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !_stopping.IsCancellationRequested)
        {
            await RespondAsync(client, 502, $"{request.Host}:{request.Port} could not be connected to: {e.Message}");
            return;
        }
        await using (origin)
        {
            if (request.IsTunnel)
            {
                await client.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stopping.Token);
                await origin.WriteAsync(rest, _stopping.Token);
                await RelayAsync(client, origin, clientToOrigin: true);
                return;
            }
            await origin.WriteAsync(request.OriginHead(), _stopping.Token);
            await SendBodyAsync(client, rest, origin, request.ContentLength);
            // Whatever the client sends after its one request is read and dropped, never passed on.
            await RelayAsync(client, origin, clientToOrigin: false);
        }
    }

    /// <summary>The head up to its blank line and the bytes read past it; null when the client closed, was too slow or sent too much.</summary>
    private static async Task<(string Head, ReadOnlyMemory<byte> After)?> ReadHeadAsync(Stream client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var read = await client.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0) return null;
                var from = Math.Max(0, filled - (EndOfHead.Length - 1));
                filled += read;
                var end = buffer.AsSpan(from, filled - from).IndexOf(EndOfHead);
                if (end >= 0)
                    return (Encoding.Latin1.GetString(buffer, 0, from + end), buffer.AsMemory(from + end + EndOfHead.Length, filled - from - end - EndOfHead.Length));
            }
        }
        catch (OperationCanceledException) { }
        return null;
    }

    private async Task SendBodyAsync(Stream client, ReadOnlyMemory<byte> rest, Stream origin, long length)
    {
        var first = rest[..(int)Math.Min(rest.Length, length)];
        await origin.WriteAsync(first, _stopping.Token);
        var buffer = new byte[16 * 1024];
        for (var left = length - first.Length; left > 0;)
        {
            var read = await client.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), _stopping.Token);
            if (read == 0) throw new IOException("The client closed before sending its whole body.");
            await origin.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            left -= read;
        }
    }

    /// <summary>
    /// Copies the origin's bytes to the client (and, in a tunnel, the client's to the origin) until either side
    /// ends, then ends both: no half-closed connections, which neither yt-dlp nor TLS uses.
    /// </summary>
    private async Task RelayAsync(Stream client, Stream origin, bool clientToOrigin)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var up = clientToOrigin ? client.CopyToAsync(origin, done.Token) : client.CopyToAsync(Stream.Null, done.Token);
        var down = origin.CopyToAsync(client, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        try { await Task.WhenAll(up, down); }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private async Task RespondAsync(Stream client, int status, string reason)
    {
        var body = Encoding.UTF8.GetBytes(reason + "\n");
        var phrase = status switch { 400 => "Bad Request", 403 => "Forbidden", _ => "Bad Gateway" };
        var head = $"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await client.WriteAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray(), _stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Task? accepting;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            _listener?.Stop();
            accepting = _accepting;
        }
        if (accepting is not null) await accepting;
    }
}
