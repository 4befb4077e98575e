using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Silo.Gateway.Auth;

/// <summary>
/// Names the session cookie <c>__Host-silo_session</c> when the request came over HTTPS (directly, or
/// through a trusted proxy's <c>X-Forwarded-Proto</c>): browsers then accept it only if Secure, for
/// this host alone and path <c>/</c>, so no sibling subdomain or plain-HTTP page can plant or
/// overwrite it. Over plain HTTP (the loopback demo) browsers refuse a <c>__Host-</c> cookie, so it
/// keeps the plain name there; an HTTPS request never reads the plain one.
/// </summary>
internal sealed class HostPrefixedCookieManager : ICookieManager
{
    public const string Prefix = "__Host-";

    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, Name(context, key), value, Checked(context, options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, Name(context, key), Checked(context, options));

    private static string Name(HttpContext context, string key) => context.Request.IsHttps ? Prefix + key : key;

    private static CookieOptions Checked(HttpContext context, CookieOptions options)
    {
        if (!context.Request.IsHttps) return options;
        // What the prefix requires; the cookie options already say so, this keeps it true if they change.
        options.Secure = true;
        options.Path = "/";
        options.Domain = null;
        return options;
    }
}
