using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Hosting.Grains;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Endpoints;

public sealed partial class DashboardEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task GetPage_NoKey_ServesPageWhoseFilesAreAllLocal()
    {
        await using var node = await DashboardNode.StartAsync(database);
        var ct = TestContext.Current.CancellationToken;

        using var page = await node.Http.GetAsync("/dashboard", ct);
        var html = await page.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/dashboard/assets/favicon.svg", "/dashboard/assets/dashboard.css", "/dashboard/assets/charts.js", "/dashboard/assets/dashboard.js"], assets);
        foreach (var asset in assets)
        {
            using var response = await node.Http.GetAsync(asset, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The only absolute URL allowed is the SVG namespace, which is a name, not a fetch.
            Assert.DoesNotMatch("https?://(?!www\\.w3\\.org/2000/svg)", text);
        }
        Assert.DoesNotMatch("https?://", html);
    }

    [Fact]
    public async Task GetAsset_UnknownName_NotFound()
    {
        await using var node = await DashboardNode.StartAsync(database);

        using var response = await node.Http.GetAsync("/dashboard/assets/nothing.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetAsset_SameETag_NotModified()
    {
        await using var node = await DashboardNode.StartAsync(database);
        var ct = TestContext.Current.CancellationToken;
        using var first = await node.Http.GetAsync("/dashboard/assets/dashboard.js", ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/assets/dashboard.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await node.Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("/api/dashboard/cluster")]
    [InlineData("/api/dashboard/grains")]
    [InlineData("/api/dashboard/media")]
    [InlineData("/api/dashboard/me")]
    [InlineData("/api/dashboard/stream")]
    [InlineData("/api/dashboard/grain?id=counter/x")]
    public async Task DashboardApi_NoKeyOrUnknownKey_Unauthorized(string path)
    {
        await using var node = await DashboardNode.StartAsync(database);
        var ct = TestContext.Current.CancellationToken;

        using var none = await node.Http.GetAsync(path, ct);
        using var unknown = await node.ClientWithKey("silo_unknown").GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task GetMe_AnalyticsReadKey_NamesItsPermissions()
    {
        await using var node = await DashboardNode.StartAsync(database);
        var key = await Keys.CreateAsync(node, Permissions.AnalyticsRead);

        var me = await node.ClientWithKey(key).GetFromJsonAsync<JsonElement>("/api/dashboard/me", TestContext.Current.CancellationToken);

        Assert.Equal(["analytics:read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("tenant-a", me.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task GetCluster_RunningNode_ListedAliveWithItsRole()
    {
        await using var node = await DashboardNode.StartAsync(database);
        var key = await Keys.CreateAsync(node, Permissions.AnalyticsRead);

        var cluster = await node.ClientWithKey(key).GetFromJsonAsync<JsonElement>("/api/dashboard/cluster", TestContext.Current.CancellationToken);

        var row = cluster.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == node.Node.NodeId);
        Assert.Equal("alive", row.GetProperty("status").GetString());
        Assert.Equal("all", row.GetProperty("role").GetString());
    }

    [Fact]
    public async Task GetSection_UnknownName_NotFound()
    {
        await using var node = await DashboardNode.StartAsync(database);

        using var response = await node.AdminClient().GetAsync("/api/dashboard/weather", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetGrains_AfterTurnsAndAParkedMessage_CountsThemForTheType()
    {
        await using var node = await DashboardNode.StartAsync(database);
        var ct = TestContext.Current.CancellationToken;
        var type = "counter";
        await node.Client().SendAsync(new GrainId(type, "grains-a"), new Bump(), "g-1", ct);
        await node.Client().SendAsync(new GrainId(type, "grains-b"), new Explode("kaput"), "g-2", ct);

        JsonElement row = default;
        await Eventually.UntilAsync(async () =>
        {
            var grains = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/grains", ct);
            row = grains.GetProperty("types").EnumerateArray().SingleOrDefault(t => t.GetProperty("grain_type").GetString() == type);
            return row.ValueKind == JsonValueKind.Object && row.GetProperty("parked").GetInt64() == 1 && row.GetProperty("pending").GetInt64() == 0;
        }, "the bump is handled and the explosion parked");

        Assert.True(row.GetProperty("grains").GetInt64() >= 2);
        Assert.True(row.GetProperty("handled_last_minute").GetInt64() >= 1);
    }

    [Fact]
    public async Task GetGrain_AfterMessages_TimelineAndStateShown()
    {
        await using var node = await DashboardNode.StartAsync(database);
        var ct = TestContext.Current.CancellationToken;
        var id = new GrainId("counter", "timeline");
        await node.Client().SendAsync(id, new Bump(2), "t-1", ct);
        await node.Client().SendAsync(id, new Bump(3), "t-2", ct);
        await Eventually.UntilAsync(async () =>
            await database.ScalarAsync<long>("select count(*) from grain_inbox where grain_key = 'timeline' and processed_at is not null") == 2,
            "both bumps are handled");

        var grain = await node.AdminClient().GetFromJsonAsync<JsonElement>($"/api/dashboard/grain?id={Uri.EscapeDataString(id.ToString())}", ct);

        Assert.Equal(5, grain.GetProperty("state").GetProperty("count").GetInt32());
        var kinds = grain.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(2, kinds.Count(k => k == "message"));
        Assert.Equal(2, kinds.Count(k => k == "handled"));
    }

    [Fact]
    public async Task GetGrain_MalformedId_BadRequestNamingId()
    {
        await using var node = await DashboardNode.StartAsync(database);

        using var response = await node.AdminClient().GetAsync("/api/dashboard/grain?id=no-slash", TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task GetGrain_NeverAddressed_NotFound()
    {
        await using var node = await DashboardNode.StartAsync(database);

        using var response = await node.AdminClient().GetAsync("/api/dashboard/grain?id=counter/nobody", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Stream_TwoPages_BothReceiveSnapshotsFromOneSharedLoop()
    {
        await using var node = await DashboardNode.StartAsync(database);
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
            Assert.Contains(json.RootElement.GetProperty("cluster").GetProperty("nodes").EnumerateArray(),
                n => n.GetProperty("nodeId").GetString() == node.Node.NodeId);
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
