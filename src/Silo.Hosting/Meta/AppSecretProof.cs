using System.Security.Cryptography;
using System.Text;

namespace Silo.Hosting.Meta;

/// <summary>
/// The Graph API's <c>appsecret_proof</c>: the HMAC-SHA256 of the access token keyed with the app secret, in lowercase hex,
/// on every call. With it, a leaked token is useless to anyone without the app secret, and an app whose dashboard has
/// "Require App Secret" on refuses calls without it. Sent whenever an app secret is configured (Meta checks a proof it is
/// given even when it does not require one, so a correct one never hurts).
/// </summary>
public static class AppSecretProof
{
    public const string Parameter = "appsecret_proof";

    public static string Of(string accessToken, string appSecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(accessToken)));

    /// <summary><paramref name="url"/> with the proof for <paramref name="accessToken"/> added, unless there is no secret or it has one already.</summary>
    public static Uri AddTo(Uri url, string? accessToken, string? appSecret)
    {
        if (string.IsNullOrEmpty(appSecret) || string.IsNullOrEmpty(accessToken) || url.Query.Contains(Parameter + "=", StringComparison.Ordinal)) return url;
        var separator = url.Query.Length > 1 ? "&" : url.Query.Length == 1 ? "" : "?";
        return new Uri($"{url.AbsoluteUri}{separator}{Parameter}={Of(accessToken, appSecret)}");
    }
}
