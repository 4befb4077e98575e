using Microsoft.AspNetCore.Http;

namespace Silo.Gateway.Auth;

/// <summary>Whether a browser's request was made by a page of this gateway (its scheme and host, after a trusted proxy's headers).</summary>
internal static class SameOriginRequest
{
    /// <summary>
    /// Sec-Fetch-Site when the browser sends it (every current one does), else Origin; a request with
    /// neither is not taken as same-origin, since a cookie alone proves nothing about who made it.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"] is [{ } site])
            return site == "same-origin" && OriginMatchesOrAbsent(request);
        return request.Headers.Origin is [{ } origin] && Matches(origin, request);
    }

    /// <summary>An Origin, where sent, naming this gateway (a missing one is the caller's choice, as for sign-in's form).</summary>
    public static bool OriginMatchesOrAbsent(HttpRequest request) =>
        request.Headers.Origin is not [{ } origin] || Matches(origin, request);

    private static bool Matches(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
