using Orleans.Runtime;
using Orleans.Storage;
using Silo.Insights.Alerts;
using Silo.Insights.Entities;
using Silo.Testing;

namespace Silo.Insights.Tests.Entities;

/// <summary>
/// The fence of an entity grain's writes: its row's version. A stale activation (one that read the
/// row before another activation wrote it) must store nothing — not its state, not its insight
/// rows, not its sync report rows, not its alert.
/// </summary>
public sealed class AdEntityStorageTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateOnly Day = new(2026, 11, 1);

    private async Task<(AdEntityStorage Storage, GrainId Grain, Guid SyncId)> ListedAdAsync(string account, string ad)
    {
        await database.ExecuteAsync("""
            insert into ad_accounts (account_id, tenant, name, token_ref) values (@a, 'acme', 'A', 'META_ACCESS_TOKEN');
            insert into ad_entities (entity_id, entity_type, account_id, campaign_id, adset_id, name, status, version)
            values (@ad, 'ad', @a, 'c1', 's1', 'Ad', 'ACTIVE', 0)
            """, ("a", account), ("ad", ad));
        var syncId = Guid.NewGuid();
        await database.ExecuteAsync("insert into sync_runs (sync_id, sync_type, mode, tenant, days_back, expected_entities) values (@id, 'manual', 'stub', 'acme', 1, 1)",
            ("id", syncId));
        return (new AdEntityStorage(database.DataSource), GrainId.Create("ad-ad", ad), syncId);
    }

    private static RefreshCompletion Completion(string account, string ad, Guid syncId, decimal spend, string? error = null) =>
        new(AdEntityType.Ad, [syncId], [InsightRow.For(new AdEntityRef(ad, AdEntityType.Ad, account, "c1", "s1"), Day, spend, 100, 10, 1, 20, 80, 9)],
            error, error is null ? null : new InsightsAlertRaise(account, "sync_failing", error));

    [Fact]
    public async Task WriteState_StaleActivation_RefusedAndStoresNothingOfItsRefresh()
    {
        var (storage, grain, syncId) = await ListedAdAsync("act_1", "9001");
        var current = new GrainState<AdEntityState>();
        var stale = new GrainState<AdEntityState>();
        await storage.ReadStateAsync(AdEntityGrain.StateName, grain, stale);
        await storage.ReadStateAsync(AdEntityGrain.StateName, grain, current);
        current.State!.Completion = Completion("act_1", "9001", syncId, spend: 12.5m);
        current.State!.LastDaysBack = 7;
        await storage.WriteStateAsync(AdEntityGrain.StateName, grain, current);

        stale.State!.Completion = Completion("act_1", "9001", syncId, spend: 99m, error: "stale");
        stale.State!.LastDaysBack = 1;
        stale.State!.ConsecutiveFailures = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(AdEntityGrain.StateName, grain, stale));

        Assert.Equal(1L, await database.ScalarAsync<long>("select version from ad_entities where entity_id = '9001'"));
        Assert.Equal(7, await database.ScalarAsync<int>("select last_days_back from ad_entities where entity_id = '9001'"));
        Assert.Equal(0, await database.ScalarAsync<int>("select consecutive_failures from ad_entities where entity_id = '9001'"));
        Assert.Equal(12.5m, await database.ScalarAsync<decimal>("select spend from meta_ad_insights where ad_id = '9001'"));
        Assert.True(await database.ScalarAsync<bool>("select ok from sync_run_entities where entity_id = '9001'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from insights_alerts where account_id = 'act_1'"));
    }

    [Fact]
    public async Task WriteState_CurrentActivationTwice_EachWriteMovesVersionOnAndUpsertsTheSameRow()
    {
        var (storage, grain, syncId) = await ListedAdAsync("act_2", "9002");
        var state = new GrainState<AdEntityState>();
        await storage.ReadStateAsync(AdEntityGrain.StateName, grain, state);
        Assert.Equal("0", state.ETag);
        Assert.Equal("act_2", state.State!.AccountId);
        Assert.True(state.State!.Active);

        state.State!.Completion = Completion("act_2", "9002", syncId, spend: 1m);
        await storage.WriteStateAsync(AdEntityGrain.StateName, grain, state);
        Assert.Null(state.State!.Completion);
        state.State!.Completion = Completion("act_2", "9002", syncId, spend: 2m);
        await storage.WriteStateAsync(AdEntityGrain.StateName, grain, state);

        Assert.Equal("2", state.ETag);
        Assert.Equal(2L, await database.ScalarAsync<long>("select version from ad_entities where entity_id = '9002'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where ad_id = '9002'"));
        Assert.Equal(2m, await database.ScalarAsync<decimal>("select spend from meta_ad_insights where ad_id = '9002'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from sync_run_entities where entity_id = '9002'"));
    }

    [Fact]
    public async Task WriteState_EntityNeverListed_Refused()
    {
        var storage = new AdEntityStorage(database.DataSource);
        var grain = GrainId.Create("ad-ad", "9099");
        var state = new GrainState<AdEntityState>();
        await storage.ReadStateAsync(AdEntityGrain.StateName, grain, state);
        Assert.False(state.RecordExists);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(AdEntityGrain.StateName, grain, state));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ad_entities where entity_id = '9099'"));
    }
}
