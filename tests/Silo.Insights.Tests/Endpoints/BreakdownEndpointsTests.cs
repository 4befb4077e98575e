using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Insights.Tests.Endpoints;

/// <summary>
/// The drill-down routes (campaigns → a campaign's ad sets → an ad set's ads): each entity's own rows
/// summed over the period and the period before, largest spend first, removed entities left out,
/// another tenant's entities not found.
/// </summary>
public sealed class BreakdownEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    // The node and the rows share one clock, fixed for the process: a run across UTC midnight would
    // otherwise seed "today" on one day and ask the node on the next.
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.UtcNow);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
    private TestNode _node = null!;

    public async ValueTask InitializeAsync()
    {
        // Each test gets its own instance; the rows are written by the first and read by all.
        if (await database.ScalarAsync<long>("select count(*) from ad_accounts where account_id = 'act_77'") == 0) await SeedAsync();
        _node = await TestNode.StartAsync(database.ConnectionString, settings: InsightsTestNode.StubSettings(),
            services: s => s.AddKeyedSingleton<TimeProvider>(SiloClock.Key, Clock));
    }

    private async Task SeedAsync()
    {
        await database.ExecuteAsync("""
            insert into ad_accounts (account_id, tenant, name, token_ref) values ('act_77', 'acme', 'Acme', 'token');
            insert into ad_entities (entity_id, entity_type, account_id, campaign_id, adset_id, name, status) values
              ('c1', 'campaign', 'act_77', 'c1', null, 'Winter', 'ACTIVE'), ('c2', 'campaign', 'act_77', 'c2', null, 'Spring', 'PAUSED'),
              ('c3', 'campaign', 'act_77', 'c3', null, 'Gone', 'REMOVED'),
              ('s1', 'adset', 'act_77', 'c1', 's1', 'Women 25-34', 'ACTIVE'), ('s2', 'adset', 'act_77', 'c1', 's2', 'Men 25-34', 'ACTIVE'),
              ('a1', 'ad', 'act_77', 'c1', 's1', 'Red coat', 'ACTIVE'), ('a2', 'ad', 'act_77', 'c1', 's1', 'Blue coat', 'ACTIVE'),
              ('a3', 'ad', 'act_77', 'c1', 's2', 'Boots', 'ACTIVE');
            """);
        // c1: today, 10 days ago (the previous 7-day period) and 20 days ago (in neither).
        await RowAsync("campaign", "c1", null, null, 0, 10, 1000, 50, 5, 30);
        await RowAsync("campaign", "c1", null, null, 10, 4, 400, 10, 1, 8);
        await RowAsync("campaign", "c1", null, null, 20, 100, 9000, 90, 9, 900);
        await RowAsync("campaign", "c2", null, null, 3, 20, 2000, 40, 2, 10);
        await RowAsync("adset", "c1", "s1", null, 0, 6, 600, 30, 3, 18);
        await RowAsync("ad", "c1", "s1", "a2", 1, 5, 500, 20, 2, 15);
        await RowAsync("ad", "c1", "s1", "a1", 1, 1, 100, 10, 1, 3);
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }

    private Task RowAsync(string type, string campaign, string? adset, string? ad, int daysAgo, decimal spend, long impressions, long clicks,
        long conversions, decimal revenue) => database.ExecuteAsync("""
        insert into meta_ad_insights (account_id, campaign_id, adset_id, ad_id, entity_type, date_start, date_end, spend, impressions, clicks,
                                      conversions, revenue, ctr, cpc, roas, frequency, reach, unique_clicks, cost_per_conversion)
        values ('act_77', @campaign, @adset, @ad, @type, @day, @day, @spend, @impressions, @clicks, @conversions, @revenue, 0, 0, 0, 1, @impressions, @clicks, 0)
        """, ("campaign", campaign), ("adset", (object?)adset ?? DBNull.Value), ("ad", (object?)ad ?? DBNull.Value), ("type", type),
        ("day", Today.AddDays(-daysAgo)), ("spend", spend), ("impressions", impressions), ("clicks", clicks), ("conversions", conversions),
        ("revenue", revenue));

    private static string[] Items(JsonElement breakdown) => [.. breakdown.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("entity_id").GetString()} {i.GetProperty("current").GetProperty("spend").GetDecimal():0.##}/{i.GetProperty("previous").GetProperty("spend").GetDecimal():0.##}")];

    [Fact]
    public async Task Campaigns_SevenDays_LargestSpendFirstWithThePeriodBeforeAndNoRemovedCampaign()
    {
        using var reader = await _node.ClientAsync("acme", "analytics:read");

        var breakdown = await reader.GetFromJsonAsync<JsonElement>("/meta/insights/campaigns?days=7", Ct);

        Assert.Equal(["c2 20/0", "c1 10/4"], Items(breakdown));
        Assert.Equal(Today.AddDays(-13).ToString("yyyy-MM-dd"), breakdown.GetProperty("previous_date_range").GetProperty("start").GetString());
        var previous = breakdown.GetProperty("items")[1].GetProperty("previous");
        Assert.Equal((400L, 10L, 1L, 8m), (previous.GetProperty("impressions").GetInt64(), previous.GetProperty("clicks").GetInt64(),
            previous.GetProperty("conversions").GetInt64(), previous.GetProperty("revenue").GetDecimal()));
        Assert.Equal((2.5m, 0.4m, 2m), (previous.GetProperty("ctr").GetDecimal(), previous.GetProperty("cpc").GetDecimal(), previous.GetProperty("roas").GetDecimal()));
    }

    [Fact]
    public async Task AdSetsThenAds_ACampaignsChildren_EachWithItsOwnRows()
    {
        using var reader = await _node.ClientAsync("acme", "analytics:read");

        var adsets = await reader.GetFromJsonAsync<JsonElement>("/meta/insights/campaign/c1/adsets?days=7", Ct);
        var ads = await reader.GetFromJsonAsync<JsonElement>("/meta/insights/adset/s1/ads?days=7", Ct);

        Assert.Equal(["s1 6/0", "s2 0/0"], Items(adsets));
        Assert.Equal(("c1", "Winter"), (adsets.GetProperty("parent_id").GetString(), adsets.GetProperty("parent_name").GetString()));
        Assert.Equal(["a2 5/0", "a1 1/0"], Items(ads));
    }

    [Fact]
    public async Task Breakdown_AnotherTenantOrTheWrongLevel_NotFound()
    {
        using var other = await _node.ClientAsync("beta", "analytics:read");
        using var reader = await _node.ClientAsync("acme", "analytics:read");

        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/meta/insights/campaigns", Ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/meta/insights/campaign/c1/adsets", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/meta/insights/campaign/s1/adsets", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/meta/insights/adset/c1/ads", Ct)).StatusCode);
    }
}
