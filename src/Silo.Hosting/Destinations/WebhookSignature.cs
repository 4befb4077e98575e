using System.Security.Cryptography;
using System.Text;

namespace Silo.Hosting.Destinations;

/// <summary>
/// How a webhook proves it comes from Silo: <c>Silo-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body, keyed by the
/// destination's secret&gt;</c>. The body carries the event's id, type and time, so the signature covers them.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Silo-Signature";
    public const string EventIdHeader = "Silo-Event-Id";
    public const string EventTypeHeader = "Silo-Event-Type";
    public const string TimestampHeader = "Silo-Timestamp";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A new secret: 32 random bytes, shown once when the destination is created.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
