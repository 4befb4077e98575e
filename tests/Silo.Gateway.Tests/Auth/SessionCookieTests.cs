using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Silo.Gateway.Auth;
using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Gateway.Tests.Auth;

/// <summary>
/// The session cookie behind a TLS-terminating proxy (Secure, <c>__Host-</c>), re-read from its key on
/// every request, bounded by an absolute lifetime, and its writes accepted only from this gateway's pages.
/// </summary>
public sealed class SessionCookieTests(TestDatabase database, SharedNode shared) : IClassFixture<TestDatabase>, IClassFixture<SharedNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient Browser(TestNode node) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = node.Address };

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key }),
        };
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await browser.SendAsync(request, Ct);
    }

    private static string Cookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.Contains("silo_session=", StringComparison.Ordinal)).Split(';')[0];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient browser, HttpMethod method, string path, string cookie,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        if (method == HttpMethod.Post) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return await browser.SendAsync(request, Ct);
    }

    [Fact]
    public async Task SignIn_ThroughTrustedTlsProxy_SecureHostPrefixedCookieThatWorksThroughIt()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Silo:Gateway:TrustedProxies:Addresses:0"] = "127.0.0.1" });
        using var browser = Browser(node);
        var https = $"https://{node.Address.Authority}";
        (string, string)[] proxied = [("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7")];

        var response = await SignInAsync(browser, TestNode.AdminKey, [.. proxied, ("Origin", https), ("Sec-Fetch-Site", "same-origin")]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.StartsWith("__host-silo_session=", setCookie);
        Assert.Contains("; secure", setCookie);
        Assert.Contains("; path=/", setCookie);
        Assert.DoesNotContain("domain=", setCookie);
        var cookie = Cookie(response);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(browser, HttpMethod.Get, "/api/dashboard/me", cookie, proxied)).StatusCode);
        // Over HTTPS only the prefixed name is read: a plain cookie (planted by a sibling host or a plain-HTTP page) is not.
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await SendAsync(browser, HttpMethod.Get, "/api/dashboard/me", cookie.Replace("__Host-", "", StringComparison.Ordinal), proxied)).StatusCode);
    }

    [Fact]
    public async Task SignIn_ForwardedProtoFromAnUntrustedAddress_Ignored()
    {
        var node = shared.Node; // no trusted proxies: the default
        using var browser = Browser(node);

        var response = await SignInAsync(browser, TestNode.AdminKey, ("X-Forwarded-Proto", "https"));

        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.StartsWith("silo_session=", setCookie);
        Assert.DoesNotContain("secure", setCookie);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("cross-site", null)]
    [InlineData("same-site", null)]
    [InlineData(null, "https://evil.example")]
    [InlineData("same-origin", "https://evil.example")]
    public async Task CookieWrite_NotFromThisGatewaysPages_403(string? fetchSite, string? origin)
    {
        var node = shared.Node;
        using var browser = Browser(node);
        var cookie = Cookie(await SignInAsync(browser, TestNode.AdminKey));
        var headers = new List<(string, string)>();
        if (fetchSite is not null) headers.Add(("Sec-Fetch-Site", fetchSite));
        if (origin is not null) headers.Add(("Origin", origin));

        var response = await SendAsync(browser, HttpMethod.Post, "/api/posts/", cookie, [.. headers]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Cross-origin request refused", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task CookieWrite_FromThisGatewaysPage_PastTheCheck_AndApiKeyWritesNeedNoOrigin()
    {
        var node = shared.Node;
        using var browser = Browser(node);
        var cookie = Cookie(await SignInAsync(browser, TestNode.AdminKey));

        var fetched = await SendAsync(browser, HttpMethod.Post, "/api/posts/", cookie, ("Sec-Fetch-Site", "same-origin"), ("Origin", $"http://{node.Address.Authority}"));
        var olderBrowser = await SendAsync(browser, HttpMethod.Post, "/api/posts/", cookie, ("Origin", $"http://{node.Address.Authority}"));
        var withKey = await node.AdminClient().PostAsync("/api/posts/", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        // {} is not a valid post: 400 from the route, so the request got past the origin check.
        Assert.Equal(HttpStatusCode.BadRequest, fetched.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, olderBrowser.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withKey.StatusCode);
    }

    [Fact]
    public async Task Session_KeysPermissionsAndTenantChanged_TakeEffectAtOnce()
    {
        var node = shared.Node;
        var key = await node.Services.GetRequiredService<ApiKeyStore>().CreateAsync("changing", "acme", [Permissions.Manager], Ct);
        using var browser = Browser(node);
        var cookie = Cookie(await SignInAsync(browser, key.Secret));
        (string, string)[] page = [("Sec-Fetch-Site", "same-origin")];
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(browser, HttpMethod.Post, "/api/posts/", cookie, page)).StatusCode);

        await shared.Database.ExecuteAsync("update api_keys set permissions = '{analytics:read}', tenant = 'globex' where id = @id", ("id", key.Id));

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(browser, HttpMethod.Post, "/api/posts/", cookie, page)).StatusCode);
        var me = await (await SendAsync(browser, HttpMethod.Get, "/api/dashboard/me", cookie)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("globex", me.GetProperty("tenant").GetString());
        Assert.Equal(["analytics:read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Session_KeyRevoked_RefusedAtOnce()
    {
        var node = shared.Node;
        var keys = node.Services.GetRequiredService<ApiKeyStore>();
        var key = await keys.CreateAsync("revoked-session", "acme", [Permissions.AnalyticsRead], Ct);
        using var browser = Browser(node);
        var cookie = Cookie(await SignInAsync(browser, key.Secret));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(browser, HttpMethod.Get, "/api/dashboard/me", cookie)).StatusCode);

        Assert.True(await keys.RevokeAsync("revoked-session", Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(browser, HttpMethod.Get, "/api/dashboard/me", cookie)).StatusCode);
    }

    [Fact]
    public async Task Session_UsedPastItsAbsoluteLifetime_Refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await TestNode.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Silo:Gateway:Sessions:AbsoluteLifetime"] = "02:00:00" },
            services: s => s.AddKeyedSingleton<TimeProvider>(SiloClock.Key, clock));
        using var browser = Browser(node);
        var cookie = Cookie(await SignInAsync(browser, TestNode.AdminKey));

        clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        var before = await SendAsync(browser, HttpMethod.Get, "/api/dashboard/me", cookie);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await SendAsync(browser, HttpMethod.Get, "/api/dashboard/me", cookie);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task SessionKeys_PersistedToTheDirectory_SealedAtRestAndReadByTheNextNode()
    {
        var folder = Directory.CreateTempSubdirectory("silo-session-keys-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Silo:Dashboard:SessionKeysDirectory"] = folder.FullName };
            string cookie;
            await using (var first = await TestNode.StartAsync(database.ConnectionString, settings: settings))
            {
                using var browser = Browser(first);
                cookie = Cookie(await SignInAsync(browser, TestNode.AdminKey));
            }

            var files = folder.GetFiles("*.xml");
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var xml = await File.ReadAllTextAsync(file.FullName, Ct);
                Assert.DoesNotContain("<masterKey", xml); // what data protection writes when nothing seals it
                Assert.Contains("sealedBySilo", xml);
            }
            await using var second = await TestNode.StartAsync(database.ConnectionString, settings: settings);
            using var again = Browser(second);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(again, HttpMethod.Get, "/api/dashboard/me", cookie)).StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
