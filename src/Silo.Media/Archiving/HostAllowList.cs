namespace Silo.Media.Archiving;

/// <summary>Matches a URL's host (and port) against <see cref="MediaOptions.AllowedHosts"/>.</summary>
public sealed class HostAllowList(IEnumerable<string> entries)
{
    private readonly string[] _entries = entries.Select(e => e.Trim().ToLowerInvariant()).Where(e => e.Length > 0).ToArray();

    public bool Allows(Uri uri) => Allows(uri.IdnHost, uri.Port);

    public bool Allows(string host, int port)
    {
        host = host.ToLowerInvariant().TrimEnd('.');
        foreach (var entry in _entries)
        {
            if (IsExactEndpoint(entry))
            {
                if (entry == $"{host}:{port}") return true;
            }
            else if (host == entry || host.EndsWith("." + entry, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>True when <c>host:port</c> is named exactly: the only way a loopback target can be admitted.</summary>
    public bool NamesExactly(string host, int port) =>
        _entries.Contains($"{host.ToLowerInvariant().TrimEnd('.')}:{port}");

    private static bool IsExactEndpoint(string entry)
    {
        var colon = entry.LastIndexOf(':');
        return colon > 0 && int.TryParse(entry.AsSpan(colon + 1), out _);
    }
}
