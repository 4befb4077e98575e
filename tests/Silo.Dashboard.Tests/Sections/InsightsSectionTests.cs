using System.Net.Http.Json;
using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Sections;

/// <summary>The Insights section over rows in the insights module's own tables (sql/005_insights.sql).</summary>
public sealed class InsightsSectionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task GetInsights_TwoPeriodsSyncsAndThrottle_OverviewRatiosFromSumsAndAccountState()
    {
        await database.ExecuteAsync("""
            insert into ad_accounts (account_id, tenant, name, token_ref) values ('act_1', 't', 'Shop', 'token'), ('act_2', 't', 'Blog', 'token');
            insert into ad_account_limits (account_id, throttled_until, throttle_reason, usage_percent) values
              ('act_1', now() + interval '5 minutes', 'code 17: user request limit reached', 97.5),
              ('act_2', null, null, 12);
            insert into ad_entities (entity_id, entity_type, account_id, campaign_id, name, status) values
              ('c1', 'campaign', 'act_1', 'c1', 'Spring sale', 'ACTIVE'), ('c2', 'campaign', 'act_1', 'c2', 'Retargeting', 'ACTIVE');
            insert into meta_ad_insights (account_id, campaign_id, adset_id, ad_id, entity_type, date_start, date_end, spend, impressions, clicks,
                                          conversions, revenue, ctr, cpc, roas, frequency, reach, unique_clicks, cost_per_conversion)
            select 'act_1', c, a, null, level, current_date - d, current_date - d, spend, impressions, clicks, conv, revenue, 0, 0, 0, 1, 0, 0, 0
              from (values ('c1', null, 'campaign', 1, 100, 10000, 200, 10, 300),
                           ('c2', null, 'campaign', 2, 50, 5000, 100, 5, 50),
                           ('c1', 'a1', 'adset', 1, 100, 10000, 200, 10, 300),
                           ('c1', null, 'campaign', 9, 80, 8000, 100, 4, 160)) v(c, a, level, d, spend, impressions, clicks, conv, revenue);
            insert into sync_runs (sync_id, sync_type, mode, tenant, account_id, days_back, expected_entities, started_at, finished_at) values
              ('00000000-0000-0000-0000-000000000001', 'manual', 'stub', 't', 'act_1', 7, 2, now() - interval '10 seconds', now());
            insert into sync_run_entities (sync_id, entity_id, entity_type, ok, rows, error) values
              ('00000000-0000-0000-0000-000000000001', 'c1', 'campaign', true, 7, null),
              ('00000000-0000-0000-0000-000000000001', 'c2', 'campaign', false, 0, 'Rate limit exceeded');
            insert into insights_alerts (account_id, kind, message) values ('act_1', 'rate_limit_exhausted', 'gave up after 5 retries');
            """);
        await using var node = await DashboardNode.StartAsync(database);

        var insights = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/insights", TestContext.Current.CancellationToken);

        var current = insights.GetProperty("current");
        Assert.Equal([150, 350, 2.33, 2, 0.5], new[] { "spend", "revenue", "roas", "ctr", "cpc" }.Select(k => current.GetProperty(k).GetDouble()));
        Assert.Equal(80, insights.GetProperty("previous").GetProperty("spend").GetDouble());
        var top = insights.GetProperty("top_campaigns")[0];
        Assert.Equal(("c1", "Spring sale"), (top.GetProperty("campaign_id").GetString(), top.GetProperty("name").GetString()));
        Assert.Equal(3, insights.GetProperty("daily").GetArrayLength());
        var sync = Assert.Single(insights.GetProperty("last_syncs").EnumerateArray());
        Assert.Equal(("stub", 1, 1, 7), (sync.GetProperty("mode").GetString(), sync.GetProperty("entities_ok").GetInt32(),
            sync.GetProperty("entities_failed").GetInt32(), sync.GetProperty("rows").GetInt32()));
        Assert.Equal([true, false], insights.GetProperty("rate_limits").EnumerateArray().Select(a => a.GetProperty("throttled").GetBoolean()));
        Assert.Equal("rate_limit_exhausted", Assert.Single(insights.GetProperty("alerts").EnumerateArray()).GetProperty("kind").GetString());
    }
}
