using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Silo.Gateway.Hosting;

/// <summary>
/// The TLS-terminating proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the gateway
/// believes. Section <c>Silo:Gateway:TrustedProxies</c>. Default none: the headers are ignored (the
/// request's scheme and address are the connection's), so no client can claim HTTPS or another address.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string Section = "Silo:Gateway:TrustedProxies";

    /// <summary>Proxy addresses, one an entry: <c>10.0.0.5</c>, <c>::1</c>.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, one an entry: <c>10.0.0.0/8</c>, <c>fd00::/8</c>.</summary>
    public List<string> Networks { get; set; } = [];

    /// <summary>How many proxies in a row may add to <c>X-Forwarded-For</c>. Default 1 (one proxy in front).</summary>
    [Range(1, 10)] public int ForwardLimit { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var address in Addresses.Where(a => !IPAddress.TryParse(a, out _)))
            yield return new ValidationResult($"'{address}' is not an IP address.", [nameof(Addresses)]);
        foreach (var network in Networks.Where(n => !IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"'{network}' is not a network in CIDR form (10.0.0.0/8).", [nameof(Networks)]);
    }
}
