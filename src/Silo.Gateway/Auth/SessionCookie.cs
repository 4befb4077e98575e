using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Auth;

/// <summary>
/// The browser's sign-in: <c>POST /signin</c> checks an API key once and answers with this cookie, a
/// data-protected ticket holding the key's id, name, tenant and permissions (never the key).
/// HttpOnly (scripts cannot read it), SameSite=Strict, and over HTTPS (directly or through a trusted
/// proxy) Secure and named <c>__Host-silo_session</c> (<see cref="HostPrefixedCookieManager"/>).
/// Every request re-reads the key: revoking it ends its sessions at once, and a changed tenant or
/// permissions apply to the session at once. A session lasts <see cref="SessionOptions.IdleTimeout"/>
/// without use and never past <see cref="SessionOptions.AbsoluteLifetime"/> from sign-in.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = "SiloSession";
    public const string Name = "silo_session";

    /// <summary>When the browser signed in (the ticket's issue time moves with each sliding renewal; this does not).</summary>
    private const string SignedInItem = "silo:signed_in";

    /// <summary>The properties of a new session: not persistent (gone with the browser), stamped with the sign-in time.</summary>
    public static AuthenticationProperties NewSession(TimeProvider clock)
    {
        var properties = new AuthenticationProperties { IsPersistent = false, AllowRefresh = true };
        properties.Items[SignedInItem] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        return properties;
    }

    internal static AuthenticationBuilder AddSessionCookie(this AuthenticationBuilder builder)
    {
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<SessionOptions>>((o, sessions) =>
        {
            o.Cookie.Name = Name;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.Cookie.IsEssential = true;
            o.CookieManager = new HostPrefixedCookieManager();
            o.ExpireTimeSpan = sessions.Value.IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
        return builder.AddCookie(Scheme);
    }

    /// <summary>The session as the key stands now: refused once revoked or too old, its claims replaced when the key changed.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var clock = services.GetRequiredKeyedService<TimeProvider>(SiloClock.Key);
        var lifetime = services.GetRequiredService<IOptions<SessionOptions>>().Value.AbsoluteLifetime;
        var id = context.Principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var current = Guid.TryParse(id, out var keyId)
            ? await services.GetRequiredService<ApiKeyStore>().FindActiveByIdAsync(keyId, context.HttpContext.RequestAborted)
            : null;
        var signedIn = context.Properties.Items.TryGetValue(SignedInItem, out var stamp)
            && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null;
        if (current is null || signedIn is null || clock.GetUtcNow() - signedIn.Value >= lifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        if (!SameClaims(context.Principal!, current))
        {
            context.ReplacePrincipal(ApiKeyAuthenticationHandler.Principal(current, Scheme));
            context.ShouldRenew = true;
        }
    }

    private static bool SameClaims(ClaimsPrincipal principal, ApiKeyIdentity key) =>
        principal.FindFirstValue(ApiKeyAuthenticationHandler.TenantClaim) == key.Tenant
        && principal.FindFirstValue(ClaimTypes.Name) == key.Name
        && principal.FindAll(ApiKeyAuthenticationHandler.PermissionClaim).Select(c => c.Value).Order(StringComparer.Ordinal)
            .SequenceEqual(key.Permissions.Order(StringComparer.Ordinal));
}
