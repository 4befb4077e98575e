using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Silo.Hosting.Hosting;
using Silo.Gateway.Auth;
using Silo.Gateway.Dashboard;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// A browser's sign-in for the dashboards: a form that posts an API key once and gets a session
/// cookie (<see cref="SessionCookie"/>), so page loads (the Orleans Dashboard, Silo's pages) are
/// authenticated without the key ever sitting in a cookie, a URL or the page's storage.
/// </summary>
public static class SignInEndpoints
{
    private const string DefaultReturnUrl = "/dashboard/";

    public static RouteGroupBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Sign-in").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/signin", GetForm).WithName("GetSignIn");
        group.MapPost("/signin", SignIn).WithName("SignIn").DisableAntiforgery();
        group.MapPost("/signout", SignOut).WithName("SignOut").DisableAntiforgery();
        return group;
    }

    private static IResult GetForm(string? returnUrl, DashboardAssets assets) => Form(assets, LocalOrDefault(returnUrl), null, StatusCodes.Status200OK);

    private static async Task<IResult> SignIn(HttpContext context, ApiKeyStore keys, DashboardAssets assets,
        [FromKeyedServices(SiloClock.Key)] TimeProvider clock)
    {
        // A cross-site form cannot sign a browser in with someone else's key (login CSRF): browsers send Origin on every POST.
        if (!SameOriginRequest.OriginMatchesOrAbsent(context.Request))
            return TypedResults.Problem("Sign-in is only accepted from this gateway's own page.", statusCode: StatusCodes.Status403Forbidden);
        if (!context.Request.HasFormContentType)
            return TypedResults.Problem("Send the key as a form field named key.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalOrDefault(form["returnUrl"]);
        var key = form["key"].ToString().Trim();
        var identity = key.Length == 0 ? null : await keys.FindAsync(key, context.RequestAborted);
        if (identity is null)
            return Form(assets, returnUrl, "Unknown or revoked key.", StatusCodes.Status401Unauthorized);

        await context.SignInAsync(SessionCookie.Scheme, ApiKeyAuthenticationHandler.Principal(identity, SessionCookie.Scheme),
            SessionCookie.NewSession(clock));
        // 303: the browser follows with a GET, so reloading the next page does not post the key again.
        context.Response.Headers.Location = returnUrl;
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task SignOut(HttpContext context)
    {
        await context.SignOutAsync(SessionCookie.Scheme);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/signin";
    }

    private static IResult Form(DashboardAssets assets, string returnUrl, string? error, int status)
    {
        var html = Encoding.UTF8.GetString(assets.Find("signin.html")!.Bytes)
            .Replace("{{returnUrl}}", WebUtility.HtmlEncode(returnUrl), StringComparison.Ordinal)
            .Replace("{{errorHidden}}", error is null ? "hidden" : "", StringComparison.Ordinal)
            .Replace("{{error}}", WebUtility.HtmlEncode(error ?? ""), StringComparison.Ordinal);
        return new SignInPage(html, status);
    }

    /// <summary>
    /// Only a path on this gateway: an open redirect would hand a signed-in browser to anyone. No
    /// control character or whitespace anywhere: browsers drop TAB and newlines from a URL, so
    /// <c>/&lt;TAB&gt;/evil.example</c> passes a <c>//</c> check and still lands on another site.
    /// </summary>
    internal static string LocalOrDefault(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? url
            : DefaultReturnUrl;

    /// <summary>The form with the same headers as the dashboard's other pages (no framing, nothing from elsewhere).</summary>
    private sealed class SignInPage(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            DashboardEndpoints.SecurityHeaders(context.Response.Headers);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(html, context.RequestAborted);
        }
    }
}
