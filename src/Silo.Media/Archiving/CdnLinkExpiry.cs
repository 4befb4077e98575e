using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Silo.Media.Archiving;

/// <summary>Reads when a Meta CDN link stops working: its <c>oe</c> parameter, a Unix time in hex.</summary>
public static class CdnLinkExpiry
{
    public static DateTimeOffset? Read(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var query = QueryHelpers.ParseQuery(uri.Query);
        if (!query.TryGetValue("oe", out var oe) || oe.Count == 0) return null;
        return long.TryParse(oe[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    public static bool HasExpired(string url, DateTimeOffset now) => Read(url) is { } expiry && expiry <= now;
}
