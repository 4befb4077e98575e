using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Silo.Media.Archiving;

/// <summary>
/// The head of one request to the guarded proxy: <c>CONNECT host:port</c>, a tunnel for https, or a plain-HTTP
/// request with an absolute URI (<c>GET http://host/path</c>). The host and port read here are the ones decided
/// and connected to, and a plain request is passed on naming that same host, so the two cannot differ.
/// </summary>
internal sealed partial record ProxyRequest(string Method, string Host, int Port, Uri? Url, IReadOnlyList<(string Name, string Value)> Headers)
{
    /// <summary>Headers that describe one hop, not the request: never passed on (RFC 9110 §7.6.1).</summary>
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer", "Upgrade",
    };

    public bool IsTunnel => Url is null;

    /// <summary>The body's length: plain requests carry <c>Content-Length</c> bytes, or none.</summary>
    public long ContentLength { get; private init; }

    /// <summary>Reads a request head (up to, without, its blank line); false with a reason a client can read when it is not one the proxy serves.</summary>
    public static bool TryParse(string head, out ProxyRequest? request, out string? error)
    {
        request = null;
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !Token().IsMatch(parts[0]) || parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
            return Fail("The request line is not METHOD target HTTP/1.x.", out error);
        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || !Token().IsMatch(line[..colon]))
                return Fail("A header line is not name: value (folded headers are not accepted).", out error);
            // A bare LF or other control character passed on could end a header early at a lenient origin.
            if (line.Any(c => (c < ' ' && c != '\t') || c == '\x7f'))
                return Fail("A header carries a control character.", out error);
            headers.Add((line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }
        var (method, target) = (parts[0], parts[1]);
        if (method == "CONNECT")
        {
            var authority = Authority().Match(target);
            if (!authority.Success || !TryPort(authority.Groups["port"].Value, out var port))
                return Fail("CONNECT needs host:port.", out error);
            request = new ProxyRequest(method, authority.Groups["host"].Value.ToLowerInvariant(), port, null, headers);
            error = null;
            return true;
        }
        if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.UserInfo.Length > 0 || url.IdnHost.Length == 0)
            return Fail("Only CONNECT host:port and absolute http:// URLs without user info are proxied.", out error);
        if (headers.Any(h => h.Item1.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
            return Fail("Request bodies must have a Content-Length.", out error);
        var lengths = headers.Where(h => h.Item1.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => h.Item2).Distinct().ToList();
        long length = 0;
        if (lengths.Count > 1 || (lengths.Count == 1 && !long.TryParse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture, out length)))
            return Fail("Content-Length is not one number.", out error);
        request = new ProxyRequest(method, url.IdnHost, url.Port, url, headers) { ContentLength = length };
        error = null;
        return true;
    }

    /// <summary>
    /// The head passed to the origin: origin-form target, <c>Host</c> set from the URL, hop-by-hop headers dropped
    /// and <c>Connection: close</c>, so the origin answers this one request and the connection ends with it.
    /// </summary>
    public byte[] OriginHead()
    {
        var url = Url ?? throw new InvalidOperationException("A tunnel has no head to pass on.");
        var named = Headers.Where(h => h.Name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var head = new StringBuilder().Append(Method).Append(' ').Append(url.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(url.Authority).Append("\r\n");
        foreach (var (name, value) in Headers.Where(h => !HopByHop.Contains(h.Name) && !named.Contains(h.Name)))
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    private static bool Fail(string reason, out string? error)
    {
        error = reason;
        return false;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex Token();

    // A name or an IPv4 address, or a bracketed IPv6 address; then the port. Nothing else (no user info, path or fragment).
    [GeneratedRegex(@"^(?:(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)|\[(?<host>[0-9A-Fa-f:.]+)\]):(?<port>[0-9]{1,5})$")]
    private static partial Regex Authority();
}
