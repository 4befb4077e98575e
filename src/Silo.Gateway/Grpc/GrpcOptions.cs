using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Grpc;

/// <summary>
/// The gRPC surface's settings. Section <c>Silo:Gateway:Grpc</c>. gRPC is served on the gateway's own
/// port; HTTP/2 there needs TLS (ALPN chooses HTTP/2 or HTTP/1.1 per connection). Kestrel in .NET 10
/// answers a cleartext HTTP/2 (h2c) connection on an endpoint that also speaks HTTP/1.1 with
/// HTTP_1_1_REQUIRED, so cleartext gRPC needs an HTTP/2-only listener: <see cref="H2cUrl"/>.
/// </summary>
public sealed class GrpcOptions : IValidatableObject
{
    public const string Section = "Silo:Gateway:Grpc";

    /// <summary>
    /// An extra cleartext HTTP/2-only listener (h2c with prior knowledge), e.g. <c>http://127.0.0.1:5081</c>,
    /// for gRPC clients on loopback or behind a proxy that terminates TLS. Default none: gRPC over TLS on the gateway's port.
    /// It serves every route (HTTP/2 only), with the same keys and limits.
    /// </summary>
    public string? H2cUrl { get; set; }

    /// <summary>The h2c listener's port, when <see cref="H2cUrl"/> is a valid setting.</summary>
    public int? H2cPort => Parse(H2cUrl)?.Port;

    /// <summary>Largest message a call may send (RESOURCE_EXHAUSTED past it). Default 1 MiB, as the HTTP body limit.</summary>
    [Range(1024, 100 * 1024 * 1024)] public int MaxReceiveMessageBytes { get; set; } = 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (H2cUrl is not null && Parse(H2cUrl) is null)
            yield return new ValidationResult("must be http://<host>:<port> with a port (1-65535) and nothing after it.", [nameof(H2cUrl)]);
    }

    internal static Uri? Parse(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "http" && uri.Port is > 0 and < 65536
        && url.Contains($":{uri.Port}", StringComparison.Ordinal) && uri.AbsolutePath == "/" && uri.Query.Length == 0
            ? uri
            : null;
}
