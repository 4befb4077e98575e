using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Gateway.Auth;

/// <summary>
/// The browser's sign-in: <c>POST /signin</c> checks an API key once and answers with this cookie, a
/// data-protected ticket holding the key's id, name, tenant and permissions (never the key).
/// HttpOnly (scripts cannot read it), SameSite=Strict (no other site can make the browser send it,
/// which is also what keeps the write routes safe from cross-site requests), Secure when the request
/// came over HTTPS. Every request re-checks that the key is still active, so revoking a key ends its
/// sessions at once, as it does for the key itself.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = "SiloSession";
    public const string Name = "silo_session";

    /// <summary>How long a session lasts without use; each use within it extends it.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    internal static AuthenticationBuilder AddSessionCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = Name;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.IsEssential = true;
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = async context =>
            {
                var id = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
                var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeyStore>();
                if (!Guid.TryParse(id, out var keyId) || !await keys.IsActiveAsync(keyId, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            };
        });
}
