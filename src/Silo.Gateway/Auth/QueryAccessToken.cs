using Microsoft.AspNetCore.Builder;

namespace Silo.Gateway.Auth;

/// <summary>
/// Marks a Server-Sent Events route, the one kind where <c>?access_token=</c> is read: a browser's
/// <c>EventSource</c> cannot send a header. Anywhere else a key in the URL would end up in access logs,
/// proxies and browser history, so it is not accepted there.
/// </summary>
public sealed class QueryAccessToken
{
    public const string Parameter = "access_token";

    private QueryAccessToken() { }

    internal static readonly QueryAccessToken Allowed = new();

}

/// <summary>Marks a route with <see cref="QueryAccessToken"/>.</summary>
public static class QueryAccessTokenExtensions
{
    /// <summary>Lets this Server-Sent Events route's callers send their key as <c>?access_token=</c>.</summary>
    public static TBuilder AcceptQueryAccessToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(QueryAccessToken.Allowed);
}
