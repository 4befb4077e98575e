using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Silo.Simulators.MetaGraph;

/// <summary>
/// How the Graph API treats <c>appsecret_proof</c> for an app with "Require App Secret" on: a call without one, or with one that
/// is not the HMAC-SHA256 of its access token keyed with the app secret (lowercase hex), is refused with error code 100.
/// Shared by the Graph and Marketing API simulators; computed here from Meta's documentation, not with the product's code.
/// </summary>
public static class AppSecretProofCheck
{
    /// <summary>Null when the call may go on; otherwise Meta's error message.</summary>
    public static string? Refusal(HttpContext context, string? appSecret, string? accessToken)
    {
        if (appSecret is null) return null;
        var given = context.Request.Query["appsecret_proof"].ToString();
        if (given.Length == 0) return "API calls from the server require an appsecret_proof argument";
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(appSecret));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(accessToken ?? ""))).ToLowerInvariant();
        return given == expected ? null : "Invalid appsecret_proof provided in the API argument";
    }
}
