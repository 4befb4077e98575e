using System.Net;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Endpoints;

public sealed class MetricsEndpointsTests(TestDatabase database, MetricsEndpointsTests.ScrapeKeyNode shared)
    : IClassFixture<TestDatabase>, IClassFixture<MetricsEndpointsTests.ScrapeKeyNode>
{
    private const string ScrapeKey = "prometheus-scrape-key-0123456789";

    /// <summary>The node most tests read from, with a scrape key configured.</summary>
    public sealed class ScrapeKeyNode : SharedDashboardNode
    {
        protected override Dictionary<string, string?> Settings => new() { ["Silo:Metrics:ScrapeKey"] = ScrapeKey };
    }

    [Fact]
    public async Task GetMetrics_RunningSilo_OrleansMeterAndModuleFiguresInTextFormat()
    {
        // Its own node: Orleans' catalog figures were not seen on the class's shared node once other nodes of the
        // process had started and stopped (Orleans' instruments are process-wide).
        await using var node = await DashboardNode.StartAsync(database);

        var families = PrometheusText.Parse(PrometheusText.WithoutOrleansSamples(await node.AdminClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken)));

        // Orleans' own meter (Microsoft.Orleans), through OpenTelemetry.
        Assert.Equal("gauge", families["orleans_catalog_activations"].Type);
        Assert.Contains(families.Keys, name => name.StartsWith("orleans_messaging_", StringComparison.Ordinal));
        // The modules' figures, every status reported even at zero.
        Assert.Equal(0, families["silo_publish_batches"].Samples.Single(s => s.Labels["status"] == "completed").Value);
        Assert.Equal(5, families["silo_media_posts"].Samples.Count);
        Assert.All(families.Values.Where(f => f.Name.StartsWith("silo_", StringComparison.Ordinal)),
            f => Assert.False(string.IsNullOrEmpty(f.Help), $"{f.Name} has a HELP line"));
        // The old runtime's turn, inbox and node figures are gone with it.
        Assert.DoesNotContain(families.Keys, name => name.StartsWith("silo_turn", StringComparison.Ordinal) || name.StartsWith("silo_messages", StringComparison.Ordinal)
            || name.StartsWith("silo_nodes", StringComparison.Ordinal) || name.StartsWith("silo_lease", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetMetrics_ContentType_IsPrometheusText004()
    {
        var node = shared.Node;

        using var response = await node.AdminClient().GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(response.Content.Headers.ContentType.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
    }

    [Theory]
    [InlineData("00:10:00", 0)]
    [InlineData("00:00:00", 1)]
    public async Task GetMetrics_RowAddedBetweenScrapes_ReadAgainOnlyOnceTheIntervalPassed(string interval, int postsSeenSecondTime)
    {
        // Its own database: the count of posts is the point.
        await using var own = new TestDatabase();
        await own.InitializeAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await DashboardNode.StartAsync(own, new Dictionary<string, string?> { ["Silo:Metrics:DatabaseReadInterval"] = interval });
        using var client = node.AdminClient();
        double Pending(IReadOnlyDictionary<string, PrometheusText.Family> families) =>
            families["silo_media_posts"].Samples.Single(s => s.Labels["status"] == "pending").Value;
        Assert.Equal(0, Pending(PrometheusText.Parse(PrometheusText.WithoutOrleansSamples(await client.GetStringAsync("/metrics", ct)))));

        await own.ExecuteAsync("insert into posts (post_id, source, source_post_id, tenant, status) values ('facebook:9', 'facebook', '9', 't', 'pending')");

        Assert.Equal(postsSeenSecondTime, Pending(PrometheusText.Parse(PrometheusText.WithoutOrleansSamples(await client.GetStringAsync("/metrics", ct)))));
    }

    [Fact]
    public async Task GetMetrics_TwoNodesInOneProcess_EachReportsItsOwnDatabase()
    {
        // OpenTelemetry listens to meters by name process-wide; each node must still export only its own.
        var ct = TestContext.Current.CancellationToken;
        await using var first = new TestDatabase();
        await using var second = new TestDatabase();
        await first.InitializeAsync();
        await second.InitializeAsync();
        await using var a = await DashboardNode.StartAsync(first);
        await using var b = await DashboardNode.StartAsync(second);
        await first.ExecuteAsync("insert into posts (post_id, source, source_post_id, tenant, status) values ('facebook:1', 'facebook', '1', 't', 'error')");
        await second.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, status) values
              ('facebook:1', 'facebook', '1', 't', 'error'), ('facebook:2', 'facebook', '2', 't', 'error')
            """);

        async Task<IReadOnlyList<PrometheusText.Sample>> Failed(TestNode node) =>
            PrometheusText.Parse(PrometheusText.WithoutOrleansSamples(await node.AdminClient().GetStringAsync("/metrics", ct)))["silo_media_posts"].Samples
                .Where(s => s.Labels["status"] == "error").ToList();

        Assert.Equal(1, Assert.Single(await Failed(a)).Value);
        Assert.Equal(2, Assert.Single(await Failed(b)).Value);
    }

    [Fact]
    public async Task GetMetrics_NoKey_Unauthorized()
    {
        var node = shared.Node;

        using var response = await node.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_UnknownKey_Unauthorized()
    {
        var node = shared.Node;

        using var response = await node.ClientWithKey("silo_not_a_real_key").GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_ScrapeKey_Ok()
    {
        var node = shared.Node;

        using var response = await node.ClientWithKey(ScrapeKey).GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_ScrapeKeyNotConfigured_SameTokenRefused()
    {
        await using var node = await DashboardNode.StartAsync(database);

        using var response = await node.ClientWithKey(ScrapeKey).GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_AnalyticsReadKeyOfTenantStar_OkAndATenantsKey_Forbidden()
    {
        // The figures are the whole cluster's: a tenant's key, even an admin's, may not read them.
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        using var star = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.AnalyticsRead, "*"));
        using var tenant = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.Admin));

        using var allowed = await star.GetAsync("/metrics", ct);
        using var refused = await tenant.GetAsync("/metrics", ct);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Start_ScrapeKeyTooShort_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Metrics:ScrapeKey"] = "short",
        }));

        Assert.Contains("Silo:Metrics:ScrapeKey", error.Message);
    }
}
