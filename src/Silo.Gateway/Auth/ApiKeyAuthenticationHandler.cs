using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Silo.Gateway.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> against the
/// hashed keys, or else a browser's signed-in session (<see cref="SessionCookie"/>). A browser's page
/// load without either is sent to the sign-in page; anything else gets 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "silo:tenant";
    public const string PermissionClaim = "silo:permission";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ReadKey();
        if (secret is null)
        {
            var session = await Context.AuthenticateAsync(SessionCookie.Scheme);
            return session.Succeeded ? AuthenticateResult.Success(new AuthenticationTicket(session.Principal!, SchemeName)) : AuthenticateResult.NoResult();
        }
        var identity = await keys.FindAsync(secret, Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(identity, SchemeName), SchemeName));
    }

    /// <summary>The principal a key stands for; the session cookie carries the same claims.</summary>
    public static ClaimsPrincipal Principal(ApiKeyIdentity identity, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, identity.Name),
            new(ClaimTypes.NameIdentifier, identity.Id.ToString()),
            new(TenantClaim, identity.Tenant),
        };
        claims.AddRange(identity.Permissions.Select(p => new Claim(PermissionClaim, p)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsPageLoad(Request))
        {
            Response.Redirect($"/signin?returnUrl={Uri.EscapeDataString($"{Request.PathBase}{Request.Path}{Request.QueryString}")}");
            return Task.CompletedTask;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }

    /// <summary>A browser navigating to a page (not a script's fetch, not an API client): it can follow a redirect to sign in.</summary>
    private static bool IsPageLoad(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Headers["Sec-Fetch-Mode"] == "navigate" || request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        && !request.Headers.ContainsKey("X-Api-Key") && string.IsNullOrEmpty(request.Headers.Authorization);

    private string? ReadKey()
    {
        if (Request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrWhiteSpace(header))
            return header.ToString().Trim();
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        // EventSource (SSE) cannot send headers, so its routes alone take the key in the query string.
        // Browsers signed in with the session cookie need not (and the dashboard does not).
        if (Context.GetEndpoint()?.Metadata.GetMetadata<QueryAccessToken>() is not null
            && Request.Query.TryGetValue(QueryAccessToken.Parameter, out var token) && !string.IsNullOrWhiteSpace(token))
            return token.ToString().Trim();
        return null;
    }
}
