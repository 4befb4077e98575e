using System.Globalization;
using System.Net;

namespace Silo.Hosting.Outbound;

/// <summary>
/// Matches a URL's host (and port) against an operator's allow-list (media downloads', notification destinations'). An entry is a domain (<c>fbcdn.net</c>:
/// it and its subdomains, any port), <c>host:port</c> (exactly that endpoint), or an IP literal as URLs write it:
/// <c>203.0.113.7</c>, <c>203.0.113.7:8080</c>, <c>[2001:db8::1]</c> (any port), <c>[::1]:8080</c> (that port); a bare
/// <c>2001:db8::1</c> is read as an address too, never as a host with a port. An IP literal matches the same address
/// however it is written (<c>[2001:DB8:0::1]</c> is <c>[2001:db8::1]</c>) and never matches a domain entry, nor a domain an IP entry.
/// </summary>
public sealed class HostAllowList
{
    private readonly Entry[] _entries;

    public HostAllowList(IEnumerable<string> entries) =>
        _entries = entries.Select(e => e.Trim()).Where(e => e.Length > 0)
            .Select(e => TryParse(e, out var entry) ? entry : null).OfType<Entry>().ToArray();

    /// <summary>One allow-list entry: a domain or an address, with a port or not.</summary>
    private sealed record Entry(string? Domain, IPAddress? Address, int? Port);

    public bool Allows(Uri uri) => Allows(uri.IdnHost, uri.Port);

    public bool Allows(string host, int port)
    {
        var address = AddressOf(host);
        var domain = address is null ? host.ToLowerInvariant().TrimEnd('.') : null;
        foreach (var entry in _entries)
        {
            if (entry.Port is { } exact && exact != port) continue;
            if (address is not null ? address.Equals(entry.Address)
                : entry.Domain is { } d && (domain == d || (entry.Port is null && domain!.EndsWith("." + d, StringComparison.Ordinal))))
                return true;
        }
        return false;
    }

    /// <summary>True when <c>host:port</c> is named exactly, port included: the only way a loopback target can be admitted.</summary>
    public bool NamesExactly(string host, int port)
    {
        var address = AddressOf(host);
        var domain = host.ToLowerInvariant().TrimEnd('.');
        return _entries.Any(e => e.Port == port && (address is not null ? address.Equals(e.Address) : e.Domain == domain));
    }

    /// <summary>False for an entry no URL could ever have (<c>[::1</c>, <c>[::1]8080</c>, a port over 65535), so start-up names it.</summary>
    public static bool IsValidEntry(string text) => TryParse(text, out _);

    private static bool TryParse(string text, out Entry? entry)
    {
        entry = null;
        text = text.Trim();
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(text[1..close], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                return false;
            var rest = text[(close + 1)..];
            if (rest.Length == 0) { entry = new Entry(null, v6, null); return true; }
            if (!rest.StartsWith(':') || !TryPort(rest[1..], out var v6Port)) return false;
            entry = new Entry(null, v6, v6Port);
            return true;
        }
        if (text.Count(c => c == ':') > 1) // an IPv6 address written without brackets: it cannot carry a port
        {
            if (!IPAddress.TryParse(text, out var bare)) return false;
            entry = new Entry(null, bare, null);
            return true;
        }
        var colon = text.IndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        int? port = null;
        if (colon >= 0)
        {
            if (!TryPort(text[(colon + 1)..], out var p)) return false;
            port = p;
        }
        if (host.Length == 0) return false;
        entry = IPAddress.TryParse(host, out var v4) && host.Count(c => c == '.') == 3
            ? new Entry(null, v4, port)
            : new Entry(host.ToLowerInvariant().TrimEnd('.'), null, port);
        return true;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    /// <summary>The address a URL host names, with or without brackets, or null for a domain.</summary>
    private static IPAddress? AddressOf(string host)
    {
        var bare = host.Trim('[', ']');
        return (bare.Contains(':') || bare.Count(c => c == '.') == 3) && IPAddress.TryParse(bare, out var address) ? address : null;
    }
}
