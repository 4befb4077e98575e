using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Endpoints;

public sealed partial class DashboardEndpointsTests(SharedDashboardNode shared) : IClassFixture<SharedDashboardNode>
{
    [Fact]
    public async Task GetPage_AnalyticsReadKey_ServesPageWhoseFilesAreAllLocalAndLinksTheOrleansDashboard()
    {
        var node = shared.Node;
        var ct = TestContext.Current.CancellationToken;
        var key = await Keys.CreateAsync(node, Permissions.AnalyticsRead);

        using var page = await node.ClientWithKey(key).GetAsync("/dashboard", ct);
        var html = await page.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        // Archived media only from this gateway (the filesystem store's /media/…): never a post's original link.
        Assert.Equal("default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'",
            page.Headers.GetValues("Content-Security-Policy").Single());
        var references = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/dashboard/assets/favicon.svg", "/dashboard/assets/dashboard.css", "/dashboard/assets/charts.js", "/dashboard/assets/dashboard.js",
            "/dashboard/assets/library.js", "/dashboard/assets/batches.js", "/dashboard/assets/scrub.js", "/dashboard/assets/storage.js",
            "/dashboard/assets/campaigns.js", "/dashboard/assets/notifications.js", "/dashboard/assets/deletions.js", "/orleans/", "/signin"], references);
        Assert.Contains("action=\"/signout\"", html);
        foreach (var asset in references.Where(r => r.StartsWith("/dashboard/assets/", StringComparison.Ordinal)))
        {
            // The files hold no data: a browser on the sign-in page loads them without a session.
            using var response = await node.Http.GetAsync(asset, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The only absolute URL allowed is the SVG namespace, which is a name, not a fetch.
            Assert.DoesNotMatch("https?://(?!www\\.w3\\.org/2000/svg)", text);
        }
        Assert.DoesNotMatch("https?://", html);
    }

    [Fact]
    public async Task GetPage_NoKey_Unauthorized()
    {
        var node = shared.Node;

        using var response = await node.Http.GetAsync("/dashboard", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("signin.html")]
    [InlineData("nothing.js")]
    public async Task GetAsset_PageOrUnknownName_NotFound(string name)
    {
        var node = shared.Node;

        using var response = await node.Http.GetAsync($"/dashboard/assets/{name}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetAsset_SameETag_NotModified()
    {
        var node = shared.Node;
        var ct = TestContext.Current.CancellationToken;
        using var first = await node.Http.GetAsync("/dashboard/assets/dashboard.js", ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/assets/dashboard.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await node.Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("/api/dashboard/media")]
    [InlineData("/api/dashboard/publishing")]
    [InlineData("/api/dashboard/insights")]
    [InlineData("/api/dashboard/me")]
    [InlineData("/api/dashboard/stream")]
    public async Task DashboardApi_NoKeyOrUnknownKey_Unauthorized(string path)
    {
        var node = shared.Node;
        var ct = TestContext.Current.CancellationToken;

        using var none = await node.Http.GetAsync(path, ct);
        using var unknown = await node.ClientWithKey("silo_unknown").GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task GetMe_AnalyticsReadKey_NamesItsPermissions()
    {
        var node = shared.Node;
        var key = await Keys.CreateAsync(node, Permissions.AnalyticsRead);

        var me = await node.ClientWithKey(key).GetFromJsonAsync<JsonElement>("/api/dashboard/me", TestContext.Current.CancellationToken);

        Assert.Equal(["analytics:read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("tenant-a", me.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task GetSection_UnknownName_NotFound()
    {
        var node = shared.Node;

        using var response = await node.AdminClient().GetAsync("/api/dashboard/weather", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Stream_TwoPages_BothReceiveSnapshotsFromOneSharedLoop()
    {
        var node = shared.Node;
        var ct = TestContext.Current.CancellationToken;
        var hub = node.Services.GetRequiredService<Silo.Gateway.Dashboard.DashboardHub>();

        // Each wait has its own deadline, generous for a loaded 2-core machine, and says what it waited for.
        using var first = await SseReader.OpenAsync(node.AdminClient(), "/api/dashboard/stream", ct);
        using var second = await SseReader.OpenAsync(node.AdminClient(), "/api/dashboard/stream", ct);
        var a = await first.NextAsync(StreamDeadline, ct);
        var b = await second.NextAsync(StreamDeadline, ct);

        Assert.Equal(("snapshot", "snapshot"), (a.Event, b.Event));
        Assert.Equal(2, hub.SubscriberCount);
        foreach (var e in new[] { a, b })
        {
            using var json = JsonDocument.Parse(e.Data);
            Assert.False(json.RootElement.TryGetProperty("cluster", out _), "the cluster is the Orleans Dashboard's");
            foreach (var section in new[] { "media", "publishing", "insights" })
                Assert.False(json.RootElement.GetProperty(section).TryGetProperty("error", out var error), $"{section}: {error}");
        }
        first.Dispose();
        second.Dispose();
        await Eventually.UntilAsync(() => hub.SubscriberCount == 0, "closed pages unsubscribe", StreamDeadline);
    }

    private static readonly TimeSpan StreamDeadline = TimeSpan.FromSeconds(60);

    [GeneratedRegex("(?:src|href)=\"([^\"#]+)\"")]
    private static partial Regex AssetReference();
}
