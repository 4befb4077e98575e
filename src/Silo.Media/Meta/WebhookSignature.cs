using System.Security.Cryptography;

namespace Silo.Media.Meta;

/// <summary>Meta's <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>: an HMAC-SHA256 of the raw body with the app secret.</summary>
public static class WebhookSignature
{
    public static string Compute(ReadOnlySpan<byte> body, string appSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appSecret), body));

    /// <summary>Checks <paramref name="header"/> in constant time; false for a missing, malformed or wrong signature.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? header, string appSecret)
    {
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal) || header.Length != 7 + 64) return false;
        byte[] given;
        try { given = Convert.FromHexString(header.AsSpan(7)); }
        catch (FormatException) { return false; }
        var expected = HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appSecret), body);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
