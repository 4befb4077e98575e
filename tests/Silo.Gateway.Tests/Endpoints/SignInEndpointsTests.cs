using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Gateway.Tests.Endpoints;

/// <summary>
/// The browser's sign-in: a form posts a key once and gets an HttpOnly, SameSite=Strict session
/// cookie that authenticates page loads and calls like the key would, never holding the key.
/// </summary>
public sealed class SignInEndpointsTests(SharedNodeWithOrleansDashboard shared) : IClassFixture<SharedNodeWithOrleansDashboard>
{
    private static HttpClient Browser(TestNode node) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = node.Address };

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string key, string? returnUrl = null, string? origin = null)
    {
        var fields = new Dictionary<string, string> { ["key"] = key };
        if (returnUrl is not null) fields["returnUrl"] = returnUrl;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin") { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await browser.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("silo_session=", StringComparison.Ordinal));

    private static async Task<HttpStatusCode> GetWithCookieAsync(HttpClient browser, string cookie, string path, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        return (await browser.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
    }

    [Fact]
    public async Task PostSignIn_ValidKey_SeeOtherWithHttpOnlyStrictCookieWithoutTheKey()
    {
        var node = shared.Node;
        using var browser = Browser(node);

        var response = await PostSignInAsync(browser, TestNode.AdminKey, "/orleans/");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/orleans/", response.Headers.Location?.OriginalString);
        var cookie = SessionCookie(response).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("path=/", cookie);
        // Plain HTTP here: Secure would make the browser drop it. Over HTTPS the cookie is Secure.
        Assert.DoesNotContain("secure", cookie);
        Assert.DoesNotContain(TestNode.AdminKey.ToLowerInvariant(), cookie);
    }

    [Fact]
    public async Task SessionCookie_SignedIn_AuthenticatesCallsAndPageLoads()
    {
        var node = shared.Node;
        using var browser = Browser(node);
        var cookie = SessionCookie(await PostSignInAsync(browser, TestNode.AdminKey));

        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(browser, cookie, "/api/dashboard/me"));
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(browser, cookie, "/api/cluster/nodes"));
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(browser, cookie, "/orleans/", "text/html"));
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(browser, cookie, "/dashboard/", "text/html"));
    }

    [Fact]
    public async Task PostSignIn_UnknownKey_FormAgainWith401AndNoCookie()
    {
        var node = shared.Node;
        using var browser = Browser(node);

        var response = await PostSignInAsync(browser, "silo_not_a_key", "/orleans/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Unknown or revoked key.", html);
        Assert.Contains("value=\"/orleans/\"", html);
    }

    [Fact]
    public async Task SessionCookie_KeyRevokedAfterSignIn_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        var keys = node.Services.GetRequiredService<ApiKeyStore>();
        var key = await keys.CreateAsync("to-revoke", "acme", [Permissions.AnalyticsRead], ct);
        using var browser = Browser(node);
        var cookie = SessionCookie(await PostSignInAsync(browser, key.Secret));
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(browser, cookie, "/api/dashboard/me"));

        Assert.True(await keys.RevokeAsync("to-revoke", ct));

        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithCookieAsync(browser, cookie, "/api/dashboard/me"));
    }

    [Fact]
    public async Task SessionCookie_AnalyticsReadKey_OrleansDashboardOnlyForTenantStarAndGrainStateForNeither()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        var keys = node.Services.GetRequiredService<ApiKeyStore>();
        var star = await keys.CreateAsync("browser-reader", "*", [Permissions.AnalyticsRead], ct);
        var acme = await keys.CreateAsync("browser-acme-reader", "acme", [Permissions.AnalyticsRead], ct);
        using var browser = Browser(node);
        var starCookie = SessionCookie(await PostSignInAsync(browser, star.Secret));
        var acmeCookie = SessionCookie(await PostSignInAsync(browser, acme.Secret));

        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(browser, starCookie, "/orleans/ClusterStats"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetWithCookieAsync(browser, starCookie, "/orleans/GrainState?grainType=none&grainId=none"));
        // The Orleans Dashboard lists every tenant's grains: a tenant's session is refused it, as its key would be.
        Assert.Equal(HttpStatusCode.Forbidden, await GetWithCookieAsync(browser, acmeCookie, "/orleans/ClusterStats"));
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(browser, acmeCookie, "/api/dashboard/me"));
    }

    [Fact]
    public async Task PostSignOut_SignedIn_CookieClearedAndBackToSignIn()
    {
        var node = shared.Node;
        using var browser = Browser(node);
        var cookie = SessionCookie(await PostSignInAsync(browser, TestNode.AdminKey));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signout");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        request.Headers.Add("Sec-Fetch-Site", "same-origin"); // the dashboard's own sign-out form

        var response = await browser.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location?.OriginalString);
        Assert.Contains("expires=Thu, 01 Jan 1970", SessionCookie(response));
    }

    [Theory]
    [InlineData("/orleans/")]
    [InlineData("/dashboard/")]
    public async Task PageLoad_NoSession_RedirectedToSignInReturningThere(string page)
    {
        var node = shared.Node;
        using var browser = Browser(node);
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");

        var response = await browser.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(page)}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ScriptCall_NoSession_UnauthorizedNotRedirected()
    {
        var node = shared.Node;

        var response = await node.Http.GetAsync("/orleans/ClusterStats", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")] // browsers drop the TAB and go to //evil.example/
    [InlineData("/\u000b/evil.example/")]
    [InlineData("/ /evil.example/")]
    [InlineData("/\u00a0/evil.example/")]
    [InlineData("/\u2028/evil.example/")]
    public async Task PostSignIn_ReturnUrlOffSite_GoesToTheDashboardInstead(string returnUrl)
    {
        var node = shared.Node;
        using var browser = Browser(node);

        var response = await PostSignInAsync(browser, TestNode.AdminKey, returnUrl);

        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")] // a sandboxed frame, or a page that hides its origin
    public async Task PostSignIn_FromAnotherSite_Forbidden(string origin)
    {
        var node = shared.Node;
        using var browser = Browser(node);

        var response = await PostSignInAsync(browser, TestNode.AdminKey, origin: origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task GetSignIn_Served_FormPostsToItselfAndLoadsNothingFromElsewhere()
    {
        var node = shared.Node;

        var response = await node.Http.GetAsync("/signin?returnUrl=%2Forleans%2F", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("method=\"post\" action=\"/signin\"", html);
        Assert.Contains("value=\"/orleans/\"", html);
        // Every file it loads and the form's target are paths on this gateway.
        Assert.Empty(System.Text.RegularExpressions.Regex.Matches(html, "(src|href|action)=\"(?!/[^/])"));
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
