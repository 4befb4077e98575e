using System.Net;
using Microsoft.Extensions.Options;
using Silo.Hosting.Outbound;

namespace Silo.Hosting.Destinations;

/// <summary>
/// Whether a destination's URL may be used, decided without connecting: an absolute http(s) URL, a host the operator's
/// <see cref="DestinationOptions.AllowedHosts"/> admits, and no literal private address unless
/// <see cref="DestinationOptions.PrivateHosts"/> names it. A name is decided again at every connection, after resolution,
/// by <see cref="GuardedConnector"/>.
/// </summary>
public sealed class DestinationAddress(IOptions<DestinationOptions> options)
{
    private readonly HostAllowList _allowed = new(options.Value.AllowedHosts);
    private readonly HostAllowList _private = new(options.Value.PrivateHosts);
    private readonly bool _anyHost = options.Value.AllowedHosts.Length == 0;

    /// <summary>The private endpoints the connector may reach.</summary>
    public HostAllowList PrivateHosts => _private;

    /// <summary>Null when <paramref name="url"/> may be used, else why not (a sentence for the API and the delivery log).</summary>
    public string? Refusal(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "must be an absolute http or https URL.";
        if (uri.UserInfo.Length > 0) return "must not carry a user name or password; a webhook proves itself by its signature.";
        if (!_anyHost && !_allowed.Allows(uri))
            return $"{uri.Authority} is not in {DestinationOptions.Section}:{nameof(DestinationOptions.AllowedHosts)}.";
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address))
        {
            var verdict = AddressPolicy.Decide(address);
            var admitted = verdict == AddressVerdict.Allowed ||
                verdict is AddressVerdict.Loopback or AddressVerdict.Private && _private.NamesExactly(uri.IdnHost, uri.Port);
            if (!admitted) return $"{uri.Authority} is {AddressRefusedException.InWords(verdict)}; name it in {DestinationOptions.Section}:{nameof(DestinationOptions.PrivateHosts)} to allow it.";
        }
        return null;
    }
}
