using Silo.Testing;

namespace Silo.Insights.Tests.Entities;

public sealed class ScheduledRefreshTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Refresh_PeriodicReminder_RunsEveryIntervalAndKeepsOneRowPerEntityAndDay()
    {
        var settings = InsightsTestNode.StubSettings();
        settings["Silo:Insights:SyncEnabled"] = "true";
        settings["Silo:Insights:SyncInterval"] = "00:00:02";
        settings["Silo:Insights:LookbackDays"] = "5";
        await using var node = await InsightsTestNode.StartAsync(database, settings);

        await node.ConnectAsync(database, "act_2002", "acme", InsightsTestNode.StubEntities);

        // Two scheduled runs in which every entity reported: the scheduler ran at least twice per entity.
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("""
                select count(*) from (select r.sync_id from sync_runs r join sync_run_entities e on e.sync_id = r.sync_id
                 where r.sync_type = 'scheduled' and r.account_id = 'act_2002' and e.ok group by r.sync_id having count(*) = @n) complete
                """, ("n", InsightsTestNode.StubEntities)) >= 2,
            "two scheduled runs covered every entity", TimeSpan.FromSeconds(40));

        Assert.Equal(InsightsTestNode.StubEntities * 5L, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_2002'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("""
            select count(*) from (select 1 from meta_ad_insights where account_id = 'act_2002' group by campaign_id, adset_id, ad_id, date_start, entity_type having count(*) > 1) d
            """));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ad_entities where account_id = 'act_2002' and last_synced_at is null"));
        Assert.Equal("stub", await database.ScalarAsync<string>("select distinct mode from sync_runs where account_id = 'act_2002'"));
    }

    [Fact]
    public async Task Refresh_EnabledAfterDiscovery_EntitiesStartRefreshingOnNextDiscovery()
    {
        var settings = InsightsTestNode.StubSettings();
        settings["Silo:Insights:SyncInterval"] = "00:00:01";
        settings["Silo:Insights:LookbackDays"] = "3";
        await using (var disabled = await InsightsTestNode.StartAsync(database, settings))
            await disabled.ConnectAsync(database, "act_2003", "acme", InsightsTestNode.StubEntities);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_2003'"));

        settings["Silo:Insights:SyncEnabled"] = "true";
        await using var enabled = await InsightsTestNode.StartAsync(database, settings);

        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from meta_ad_insights where account_id = 'act_2003'") == InsightsTestNode.StubEntities * 3L,
            "every entity of the account refreshed once refresh was switched on", TimeSpan.FromSeconds(40));
    }
}
