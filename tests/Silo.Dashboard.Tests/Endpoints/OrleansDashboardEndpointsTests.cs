using System.Net;
using System.Text.RegularExpressions;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Endpoints;

/// <summary>
/// The Orleans Dashboard at /orleans: behind the API keys (analytics:read of tenant * views it, a tenant's key
/// never: it lists every tenant's grains; grain state and the log stream need admin), its page and files served
/// from the gateway itself.
/// </summary>
public sealed partial class OrleansDashboardEndpointsTests(SharedDashboardNode shared, OrleansDashboardEndpointsTests.SwitchedOff switchedOff)
    : IClassFixture<SharedDashboardNode>, IClassFixture<OrleansDashboardEndpointsTests.SwitchedOff>
{
    public sealed class SwitchedOff : SharedDashboardNode
    {
        protected override Dictionary<string, string?> Settings => new() { [TestNode.WithOrleansDashboard.Key] = "false" };
    }

    [Fact]
    public async Task GetPage_AnalyticsReadKeyOfTenantStar_PageAndEveryFileItLoadsServedHere()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        using var reader = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.AnalyticsRead, "*"));

        using var page = await reader.GetAsync("/orleans/", ct);
        var html = await page.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", html);
        var files = FileReference().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("./index.min.js", files);
        foreach (var file in files)
        {
            // Relative to the page: nothing from another host (the browser test proves no request leaves loopback).
            Assert.DoesNotMatch("^(https?:)?//", file);
            using var response = await reader.GetAsync(new Uri(new Uri(node.Address, "/orleans/"), file), ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/orleans/")]
    [InlineData("/orleans/ClusterStats")]
    [InlineData("/orleans/index.min.js")]
    public async Task Get_NoKey_Unauthorized(string path)
    {
        var node = shared.Node;

        using var response = await node.Http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetClusterStats_AnalyticsReadKeyOfTenantStar_Ok()
    {
        var node = shared.Node;
        using var reader = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.AnalyticsRead, "*"));

        using var response = await reader.GetAsync("/orleans/ClusterStats", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/orleans/")]
    [InlineData("/orleans/ClusterStats")]
    [InlineData("/orleans/index.min.js")]
    public async Task Get_TenantsKeysEvenAdmin_Forbidden(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        using var reader = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.AnalyticsRead));
        using var admin = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.Admin));

        using var read = await reader.GetAsync(path, ct);
        using var administered = await admin.GetAsync(path, ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (read.StatusCode, administered.StatusCode));
    }

    [Theory]
    [InlineData("/orleans/GrainState?grainType=none&grainId=none")]
    [InlineData("/orleans/Trace")]
    public async Task AdminOnlyViews_ManagerKeyOfTenantStar_ForbiddenAdminKey_Ok(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        using var manager = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.Manager, "*"));

        using var refused = await manager.GetAsync(path, ct);
        // The log stream never ends: its headers are the answer.
        using var admitted = await node.AdminClient().GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task SwitchedOff_AdminKey_NotFoundAndSilosPagesStillServed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = switchedOff.Node.AdminClient();

        using var page = await admin.GetAsync("/orleans/", ct);
        using var stats = await admin.GetAsync("/orleans/ClusterStats", ct);
        using var ours = await admin.GetAsync("/api/dashboard/media", ct);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (page.StatusCode, stats.StatusCode));
        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);
    }

    [GeneratedRegex("(?:src|href)=\"([^\"#]+)\"")]
    private static partial Regex FileReference();
}
