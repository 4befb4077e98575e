using Orleans.Runtime;
using Orleans.Storage;
using Silo.Insights.Accounts;
using Silo.Insights.Entities;
using Silo.Testing;

namespace Silo.Insights.Tests.Accounts;

/// <summary>An account grain's row fences its listing of entities and its reconnects; a token-expiry stop binds only the connection it met.</summary>
public sealed class AdAccountStorageTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DiscoveredEntity Campaign(string id) => new(id, AdEntityType.Campaign, id, null, $"Campaign {id}", "ACTIVE", null);

    private static async Task<GrainState<AdAccountState>> ReadAsync(AdAccountStorage storage, GrainId grain)
    {
        var state = new GrainState<AdAccountState>();
        await storage.ReadStateAsync(AdAccountGrain.StateName, grain, state);
        return state;
    }

    private static async Task ConnectAsync(AdAccountStorage storage, GrainId grain)
    {
        var state = await ReadAsync(storage, grain);
        (state.State!.Tenant, state.State!.Name, state.State!.TokenRef, state.State!.Reconnect) = ("acme", "A", "META_ACCESS_TOKEN", true);
        await storage.WriteStateAsync(AdAccountGrain.StateName, grain, state);
    }

    [Fact]
    public async Task WriteState_StaleActivation_RefusedAndItsListingNotStored()
    {
        var storage = new AdAccountStorage(database.DataSource);
        var grain = GrainId.Create("ad-account", "act_11");
        await ConnectAsync(storage, grain);
        var current = await ReadAsync(storage, grain);
        var stale = await ReadAsync(storage, grain);

        current.State!.Listing = [Campaign("111")];
        current.State!.Entities["campaign/111"] = true;
        await storage.WriteStateAsync(AdAccountGrain.StateName, grain, current);
        stale.State!.Listing = [Campaign("222")];
        stale.State!.Entities["campaign/222"] = true;

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(AdAccountGrain.StateName, grain, stale));

        Assert.Equal("111", await database.ScalarAsync<string>("select string_agg(entity_id, ',') from ad_entities where account_id = 'act_11'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select version from ad_entities where entity_id = '111'"));
        var reread = await ReadAsync(storage, grain);
        Assert.Equal(["campaign/111"], reread.State!.Entities.Keys);
        Assert.Equal("2", reread.ETag);
    }

    [Fact]
    public async Task WriteState_NeverConnected_StoresNothing()
    {
        var storage = new AdAccountStorage(database.DataSource);
        var grain = GrainId.Create("ad-account", "act_12");
        var state = await ReadAsync(storage, grain);
        state.State!.Listing = [Campaign("121")];

        await storage.WriteStateAsync(AdAccountGrain.StateName, grain, state);

        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ad_accounts where account_id = 'act_12'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ad_entities where account_id = 'act_12'"));
    }

    [Fact]
    public async Task MarkTokenExpired_MetBeforeAReconnect_LeavesTheNewConnectionActive()
    {
        var storage = new AdAccountStorage(database.DataSource);
        var accounts = new AccountLimits(database.DataSource);
        var grain = GrainId.Create("ad-account", "act_13");
        await ConnectAsync(storage, grain);
        var readBeforeReconnect = (await accounts.FindAsync("act_13", Ct))!;
        await ConnectAsync(storage, grain);

        await accounts.MarkTokenExpiredAsync(readBeforeReconnect, "expired", Ct);

        Assert.Equal(AdAccount.Active, await database.ScalarAsync<string>("select status from ad_account_status where account_id = 'act_13'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from insights_alerts where account_id = 'act_13'"));
        await accounts.MarkTokenExpiredAsync((await accounts.FindAsync("act_13", Ct))!, "expired", Ct);
        Assert.Equal(AdAccount.TokenExpired, await database.ScalarAsync<string>("select status from ad_account_status where account_id = 'act_13'"));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from insights_alerts where account_id = 'act_13' and resolved_at is null"));
    }

    [Fact]
    public async Task WriteState_Reconnect_ClearsExpiredTokenStopAndResolvesItsAlert()
    {
        var storage = new AdAccountStorage(database.DataSource);
        var accounts = new AccountLimits(database.DataSource);
        var grain = GrainId.Create("ad-account", "act_14");
        await ConnectAsync(storage, grain);
        await accounts.MarkTokenExpiredAsync((await accounts.FindAsync("act_14", Ct))!, "expired", Ct);

        await ConnectAsync(storage, grain);

        Assert.Equal(AdAccount.Active, await database.ScalarAsync<string>("select status from ad_account_status where account_id = 'act_14'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from insights_alerts where account_id = 'act_14' and resolved_at is null"));
        Assert.Equal(2L, await database.ScalarAsync<long>("select connection from ad_accounts where account_id = 'act_14'"));
    }
}
