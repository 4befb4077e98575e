using Silo.Testing;

namespace Silo.Insights.Tests.Entities;

public sealed class LookbackTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Refresh_DefaultLookback_RereadsTheLast28DaysOfEveryEntity()
    {
        var settings = InsightsTestNode.StubSettings();
        settings["Silo:Insights:SyncEnabled"] = "true";
        settings["Silo:Insights:SyncInterval"] = "00:00:02";
        await using var node = await InsightsTestNode.StartAsync(database, settings);

        await node.ConnectAsync(database, "act_3201", "acme", InsightsTestNode.StubEntities);

        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from ad_entities where account_id = 'act_3201' and last_synced_at is not null") == InsightsTestNode.StubEntities,
            "every entity refreshed on its reminder", TimeSpan.FromSeconds(40));
        Assert.Equal(InsightsTestNode.StubEntities * 28L, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_3201'"));
        Assert.Equal(27, await database.ScalarAsync<int>("select max(date_start) - min(date_start) from meta_ad_insights where account_id = 'act_3201'"));
        Assert.Equal(28, await database.ScalarAsync<int>("select distinct days_back from sync_runs where account_id = 'act_3201'"));
    }
}
