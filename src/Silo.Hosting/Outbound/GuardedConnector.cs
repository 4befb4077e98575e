using System.Net;
using System.Net.Sockets;

namespace Silo.Hosting.Outbound;

/// <summary>
/// The socket connect step of every client that reaches outside URLs (media downloads, notification deliveries): resolves the host itself, decides each address
/// with <see cref="AddressPolicy"/> and connects only to an allowed one. Deciding after resolution,
/// at connect time, closes DNS rebinding: the address checked is the address connected to.
/// Redirects open new connections through here too.
/// </summary>
/// <param name="allowList">The endpoints (<c>host:port</c>, named exactly) whose loopback or private addresses may be admitted.</param>
/// <param name="allowLoopbackForTesting">Admits a loopback address of an endpoint <paramref name="allowList"/> names exactly.</param>
/// <param name="resolve">The resolver; DNS unless a test gives its own.</param>
/// <param name="admitPrivateNamed">
/// Admits a loopback or private-network address of an endpoint <paramref name="allowList"/> names exactly: an operator's own
/// receiver. Metadata, link-local and the other kinds stay refused whatever the list says.
/// </param>
public sealed class GuardedConnector(HostAllowList allowList, bool allowLoopbackForTesting,
    Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null, bool admitPrivateNamed = false)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>The addresses of <paramref name="host"/> that may be connected to, in resolver order; throws when there are none.</summary>
    public async Task<IReadOnlyList<IPAddress>> AllowedAddressesAsync(string host, int port, CancellationToken cancellationToken)
    {
        var bare = host.Trim('[', ']');
        var addresses = IPAddress.TryParse(bare, out var literal) ? [literal] : await _resolve(bare, cancellationToken);
        // No address at all is a name that does not resolve (retried), not a refusal naming a kind of address it never had.
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        var allowed = new List<IPAddress>();
        var refusal = AddressVerdict.Reserved;
        foreach (var address in addresses)
        {
            var verdict = AddressPolicy.Decide(address);
            if (verdict == AddressVerdict.Allowed || Admits(verdict, host, port))
                allowed.Add(address);
            else
                refusal = verdict;
        }
        if (allowed.Count == 0) throw new AddressRefusedException(host, refusal);
        return allowed;
    }

    private bool Admits(AddressVerdict verdict, string host, int port) => verdict switch
    {
        AddressVerdict.Loopback => (allowLoopbackForTesting || admitPrivateNamed) && allowList.NamesExactly(host, port),
        AddressVerdict.Private => admitPrivateNamed && allowList.NamesExactly(host, port),
        _ => false,
    };

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await AllowedAddressesAsync(endpoint.Host, endpoint.Port, cancellationToken);
        return await ConnectToAsync(addresses, endpoint.Port, cancellationToken);
    }

    /// <summary>
    /// Connects to the first of <paramref name="addresses"/> that answers: addresses this guard allowed, never
    /// a name, so nothing is resolved again between the decision and the connection.
    /// </summary>
    public static async Task<NetworkStream> ConnectToAsync(IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
