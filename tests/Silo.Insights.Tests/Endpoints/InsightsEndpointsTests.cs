using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Insights.Entities;
using Silo.Insights.Meta;
using Silo.Insights.Queries;
using Silo.Testing;

namespace Silo.Insights.Tests.Endpoints;

public sealed class InsightsEndpointsTests(StubAccountFixture fixture) : IClassFixture<StubAccountFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private TestDatabase Database => fixture.Database;

    private Task<HttpClient> ReaderAsync(string tenant = StubAccountFixture.Tenant) => fixture.Node.ClientAsync(tenant, "analytics:read");

    private async Task<string> FirstIdAsync(string type) =>
        await Database.ScalarAsync<string>("select min(entity_id) from ad_entities where entity_type = @t and account_id = @a",
            ("t", type), ("a", StubAccountFixture.AccountId));

    private static AdEntityRef Ref(string id, string type, string campaign, string? adset) => new(id, type, StubAccountFixture.AccountId, campaign, adset);

    [Fact]
    public void SyncNow_FirstSync_ReportsEveryEntityOfEveryLevel()
    {
        var report = fixture.FirstSync;
        Assert.Equal("manual", report.GetProperty("sync_type").GetString());
        Assert.Equal("stub", report.GetProperty("mode").GetString());
        Assert.True(report.GetProperty("success").GetBoolean());
        Assert.Equal(2, report.GetProperty("campaigns").GetProperty("processed").GetInt32());
        Assert.Equal(4, report.GetProperty("adsets").GetProperty("success").GetInt32());
        Assert.Equal(8, report.GetProperty("ads").GetProperty("success").GetInt32());
        Assert.Equal(0, report.GetProperty("ads").GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task SyncNow_Again_UpdatesRowsWithoutDuplicates()
    {
        using var manager = await fixture.Node.ClientAsync(StubAccountFixture.Tenant, "manager");
        var before = await Database.ScalarAsync<DateTime>("select max(updated_at) from meta_ad_insights");

        var response = await manager.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = StubAccountFixture.Days, force = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(InsightsTestNode.StubEntities, report.GetProperty("campaigns").GetProperty("processed").GetInt32()
            + report.GetProperty("adsets").GetProperty("processed").GetInt32() + report.GetProperty("ads").GetProperty("processed").GetInt32());
        Assert.Equal(InsightsTestNode.StubEntities * StubAccountFixture.Days, await Database.ScalarAsync<long>("select count(*) from meta_ad_insights"));
        Assert.Equal(0L, await Database.ScalarAsync<long>("""
            select count(*) from (select 1 from meta_ad_insights
             group by campaign_id, adset_id, ad_id, date_start, entity_type having count(*) > 1) d
            """));
        Assert.True(await Database.ScalarAsync<DateTime>("select max(updated_at) from meta_ad_insights") > before, "the second sync updated the rows");
    }

    [Fact]
    public async Task SyncNow_WithoutForceRightAfterASync_SkipsFreshEntitiesAsSuccess()
    {
        using var manager = await fixture.Node.ClientAsync(StubAccountFixture.Tenant, "manager");
        var before = await Database.ScalarAsync<DateTime>("select max(updated_at) from meta_ad_insights");

        var response = await manager.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = 1, force = false }, Ct);

        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(report.GetProperty("success").GetBoolean());
        Assert.Equal(8, report.GetProperty("ads").GetProperty("success").GetInt32());
        Assert.Equal(0, report.GetProperty("rows_upserted").GetInt64());
        Assert.Equal(before, await Database.ScalarAsync<DateTime>("select max(updated_at) from meta_ad_insights"));
    }

    [Fact]
    public async Task SyncNow_CampaignId_RefreshesCampaignAndItsDescendantsOnly()
    {
        using var admin = fixture.Node.AdminClient();
        var campaign = await FirstIdAsync(AdEntityType.Campaign);

        var response = await admin.PostAsJsonAsync("/meta/insights/sync-now",
            new { days_back = 3, force = true, entity_ids = new[] { campaign }, entity_type = "campaign" }, Ct);

        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, report.GetProperty("campaigns").GetProperty("processed").GetInt32());
        Assert.Equal(2, report.GetProperty("adsets").GetProperty("processed").GetInt32());
        Assert.Equal(4, report.GetProperty("ads").GetProperty("processed").GetInt32());
    }

    [Fact]
    public async Task Overview_AfterSync_SumsCampaignRowsForRangeAndPreviousPeriod()
    {
        using var reader = await ReaderAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var campaigns = await Database.ScalarAsync<string>("select string_agg(entity_id, ',') from ad_entities where entity_type = 'campaign'");
        var rows = campaigns.Split(',').SelectMany(id => Enumerable.Range(0, 7).Select(d =>
            StubInsightsSource.Figures(Ref(id, AdEntityType.Campaign, id, null), today.AddDays(-d)))).ToList();

        var overview = await reader.GetFromJsonAsync<JsonElement>("/meta/insights/overview?days=7", Ct);

        Assert.Equal(2, overview.GetProperty("total_campaigns").GetInt32());
        Assert.Equal(2, overview.GetProperty("active_campaigns").GetInt32());
        var metrics = overview.GetProperty("global_metrics");
        Assert.Equal(rows.Sum(r => r.Spend), metrics.GetProperty("spend").GetDecimal());
        Assert.Equal(rows.Sum(r => r.Impressions), metrics.GetProperty("impressions").GetInt64());
        Assert.Equal(rows.Sum(r => r.Conversions), metrics.GetProperty("conversions").GetInt64());
        Assert.Equal(Math.Round(rows.Sum(r => r.Revenue) / rows.Sum(r => r.Spend), 2), metrics.GetProperty("roas").GetDecimal());
        Assert.Equal(today.AddDays(-13).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            overview.GetProperty("previous_period").GetProperty("date_range").GetProperty("start").GetString());
        Assert.Equal(2, overview.GetProperty("top_campaigns").GetArrayLength());
        Assert.Equal("completed", overview.GetProperty("last_sync").GetProperty("status").GetString());
        Assert.Equal(0, overview.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task Campaign_Known_ReturnsDailyRowsTotalsAndChildCounts()
    {
        using var reader = await ReaderAsync();
        var id = await FirstIdAsync(AdEntityType.Campaign);

        var detail = await reader.GetFromJsonAsync<JsonElement>($"/meta/insights/campaign/{id}?days=10", Ct);

        Assert.Equal(id, detail.GetProperty("campaign_id").GetString());
        Assert.Equal("ACTIVE", detail.GetProperty("status").GetString());
        Assert.Equal(2, detail.GetProperty("adsets_count").GetInt32());
        Assert.Equal(4, detail.GetProperty("ads_count").GetInt32());
        var insights = detail.GetProperty("campaign_insights");
        Assert.Equal(10, insights.GetProperty("insights").GetArrayLength());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var expected = Enumerable.Range(0, 10).Sum(d => StubInsightsSource.Figures(Ref(id, AdEntityType.Campaign, id, null), today.AddDays(-d)).Spend);
        Assert.Equal(expected, insights.GetProperty("total_spend").GetDecimal());
        var score = detail.GetProperty("performance_summary").GetProperty("efficiency_score").GetDecimal();
        Assert.InRange(score, 0m, 100m);
    }

    [Fact]
    public async Task AdSet_Known_ReturnsTargetingAndAdsCount()
    {
        using var reader = await ReaderAsync();
        var id = await FirstIdAsync(AdEntityType.AdSet);

        var detail = await reader.GetFromJsonAsync<JsonElement>($"/meta/insights/adset/{id}", Ct);

        Assert.Equal(id, detail.GetProperty("adset_id").GetString());
        Assert.Equal(2, detail.GetProperty("ads_count").GetInt32());
        Assert.True(detail.GetProperty("targeting").GetProperty("age_min").GetInt32() >= 18);
        Assert.Equal(StubAccountFixture.Days, detail.GetProperty("adset_insights").GetProperty("insights").GetArrayLength());
    }

    [Fact]
    public async Task Ad_Known_ComparesWithTheOtherAdOfItsAdSet()
    {
        using var reader = await ReaderAsync();
        var id = await FirstIdAsync(AdEntityType.Ad);
        var adset = await Database.ScalarAsync<string>("select adset_id from ad_entities where entity_id = @id", ("id", id));
        var campaign = await Database.ScalarAsync<string>("select campaign_id from ad_entities where entity_id = @id", ("id", id));
        var peer = await Database.ScalarAsync<string>("select entity_id from ad_entities where adset_id = @s and entity_id <> @id", ("s", adset), ("id", id));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var peerRows = Enumerable.Range(0, 7).Select(d => StubInsightsSource.Figures(Ref(peer, AdEntityType.Ad, campaign, adset), today.AddDays(-d))).ToList();

        var detail = await reader.GetFromJsonAsync<JsonElement>($"/meta/insights/ad/{id}?days=7", Ct);

        Assert.Equal(adset, detail.GetProperty("adset_id").GetString());
        var comparison = detail.GetProperty("peer_comparison");
        Assert.Equal(1, comparison.GetProperty("peers_count").GetInt32());
        Assert.Equal(peerRows.Sum(r => r.Spend), comparison.GetProperty("peer_metrics").GetProperty("spend").GetDecimal());
        Assert.Equal(7, detail.GetProperty("ad_insights").GetProperty("insights").GetArrayLength());
    }

    [Fact]
    public async Task RecentInsights_KnownAd_ReturnsTimelineInDateOrder()
    {
        using var reader = await ReaderAsync();
        var id = await FirstIdAsync(AdEntityType.Ad);

        var recent = await reader.GetFromJsonAsync<JsonElement>($"/meta/insights/recent-insights/{id}?entity_type=ad&days=5", Ct);

        var dates = recent.GetProperty("timeline").EnumerateArray().Select(d => d.GetProperty("date_start").GetString()).ToList();
        Assert.Equal(5, dates.Count);
        Assert.Equal(dates.Order(StringComparer.Ordinal).ToList(), dates);
    }

    [Theory]
    [InlineData("/meta/insights/campaign/999999")]
    [InlineData("/meta/insights/adset/999999")]
    [InlineData("/meta/insights/ad/999999")]
    [InlineData("/meta/insights/recent-insights/999999")]
    public async Task Get_UnknownEntity_NotFoundProblem(string path)
    {
        using var reader = await ReaderAsync();
        var response = await reader.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Campaign_AdIdInsteadOfCampaignId_NotFound()
    {
        using var reader = await ReaderAsync();
        var response = await reader.GetAsync($"/meta/insights/campaign/{await FirstIdAsync(AdEntityType.Ad)}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Campaign_OtherTenantsKey_NotFound()
    {
        using var other = await ReaderAsync("globex");
        var response = await other.GetAsync($"/meta/insights/campaign/{await FirstIdAsync(AdEntityType.Campaign)}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/meta/insights/overview?days=0")]
    [InlineData("/meta/insights/overview?days=366")]
    [InlineData("/meta/insights/campaign/1?days=-3")]
    [InlineData("/meta/insights/recent-insights/1?days=400")]
    public async Task Get_DaysOutOfRange_BadRequestNamingDays(string path)
    {
        using var reader = await ReaderAsync();
        var response = await reader.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("days", out _));
    }

    [Fact]
    public async Task SyncNow_DaysBackOutOfRange_BadRequestAndNoRunStored()
    {
        using var admin = fixture.Node.AdminClient();
        var runs = await Database.ScalarAsync<long>("select count(*) from sync_runs");

        var response = await admin.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = 366 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("days_back", out _));
        Assert.Equal(runs, await Database.ScalarAsync<long>("select count(*) from sync_runs"));
    }

    [Fact]
    public async Task SyncNow_UnknownEntityId_NotFound()
    {
        using var admin = fixture.Node.AdminClient();
        var response = await admin.PostAsJsonAsync("/meta/insights/sync-now", new { entity_ids = new[] { "424242" } }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Overview_NoKey_Unauthorized()
    {
        var response = await fixture.Node.Http.GetAsync("/meta/insights/overview", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SyncNow_ReadOnlyKey_Forbidden()
    {
        using var reader = await ReaderAsync();
        var response = await reader.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = 1 }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ConnectAccount_ManagerKey_Forbidden()
    {
        using var manager = await fixture.Node.ClientAsync(StubAccountFixture.Tenant, "manager");
        var response = await manager.PostAsJsonAsync("/meta/insights/accounts", new { account_id = "act_5" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ConnectAccount_MalformedIdAndTokenRef_BadRequestNamingEachAndNothingStored()
    {
        using var admin = fixture.Node.AdminClient();
        var response = await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = "act_12x", tenant = "acme", token_ref = "no spaces" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("account_id", out _));
        Assert.True(errors.TryGetProperty("token_ref", out _));
        Assert.Equal(1L, await Database.ScalarAsync<long>("select count(*) from ad_accounts"));
    }

    [Fact]
    public async Task ExportCsv_CampaignLevel_MatchesStoredRows()
    {
        using var reader = await ReaderAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = today.AddDays(-4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var response = await reader.GetAsync($"/meta/insights/export.csv?from={from}&to={to}&level=campaign", Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CsvExport.Header, lines[0]);
        await using var command = Database.DataSource.CreateCommand("""
            select date_start, campaign_id, spend, impressions, clicks, conversions, revenue from meta_ad_insights
             where entity_type = 'campaign' and date_start between @from and @to order by date_start, campaign_id
            """);
        command.Parameters.AddWithValue("from", today.AddDays(-4));
        command.Parameters.AddWithValue("to", today);
        await using var rows = await command.ExecuteReaderAsync(Ct);
        var expected = new List<string>();
        while (await rows.ReadAsync(Ct))
            expected.Add(string.Join('|', rows.GetFieldValue<DateOnly>(0).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows.GetString(1),
                rows.GetDecimal(2).ToString(CultureInfo.InvariantCulture), rows.GetInt64(3), rows.GetInt64(4), rows.GetInt64(5),
                rows.GetDecimal(6).ToString(CultureInfo.InvariantCulture)));
        var actual = lines.Skip(1).Select(l => l.Split(',')).Select(f => string.Join('|', f[0], f[3], f[7], f[8], f[9], f[10], f[11])).ToList();
        Assert.Equal(10, expected.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task ExportCsv_FromAfterTo_BadRequest()
    {
        using var reader = await ReaderAsync();
        var response = await reader.GetAsync("/meta/insights/export.csv?from=2026-02-10&to=2026-02-01", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
