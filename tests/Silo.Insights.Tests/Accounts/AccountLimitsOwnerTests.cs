using Orleans.Runtime;
using Orleans.Storage;
using Silo.Insights.Accounts;
using Silo.Testing;

namespace Silo.Insights.Tests.Accounts;

/// <summary>
/// The account grain's storage is the only writer of <c>ad_accounts</c>: the hold, usage and token expiry any grain of
/// the account records go to <see cref="AccountLimits"/>'s own table, so they neither wait for nor break the grain's
/// version-checked write, and the grain's write never loses them.
/// </summary>
public sealed class AccountLimitsOwnerTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Far beyond a write of a few rows on a loaded machine; a write waiting for the grain's row lock never ends.
    private static readonly TimeSpan NoWait = TimeSpan.FromSeconds(20);

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

    private Task<string> AccountRowAsync(string accountId) =>
        database.ScalarAsync<string>("select row_to_json(a)::text from ad_accounts a where account_id = @a", ("a", accountId));

    [Fact]
    public async Task LimitsRecordedWhileTheGrainWritesItsRow_NeitherWaitsAndTheGrainsWriteKeepsThem()
    {
        var storage = new AdAccountStorage(database.DataSource);
        var limits = new AccountLimits(database.DataSource);
        var grain = GrainId.Create("ad-account", "act_21");
        await ConnectAsync(storage, grain);
        var account = (await limits.FindAsync("act_21", Ct))!;
        var grainState = await ReadAsync(storage, grain);
        var rowBefore = await AccountRowAsync("act_21");

        // The grain's write in progress: its transaction holds the row lock an update of the row takes.
        await using (var grainWrite = await database.DataSource.OpenConnectionAsync(Ct))
        await using (var transaction = await grainWrite.BeginTransactionAsync(Ct))
        {
            await using (var lockRow = grainWrite.CreateCommand())
            {
                lockRow.CommandText = "select 1 from ad_accounts where account_id = 'act_21' for no key update";
                await lockRow.ExecuteNonQueryAsync(Ct);
            }
            await limits.MarkTokenExpiredAsync(account, "expired", Ct).WaitAsync(NoWait, Ct);
            await limits.RecordUsageAsync("act_21", 91.5, Ct).WaitAsync(NoWait, Ct);
            await limits.RateLimitedAsync("act_21", 17, TimeSpan.FromMinutes(5), "code 17", Ct).WaitAsync(NoWait, Ct);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(rowBefore, await AccountRowAsync("act_21"));
        grainState.State!.Schedule = "hourly";
        await storage.WriteStateAsync(AdAccountGrain.StateName, grain, grainState);
        Assert.Equal("hourly", await database.ScalarAsync<string>("select schedule from ad_accounts where account_id = 'act_21'"));
        var after = (await limits.FindAsync("act_21", Ct))!;
        Assert.Equal(AdAccount.TokenExpired, after.Status);
        Assert.Equal(91.5, after.UsagePercent);
        Assert.True(after.ThrottledFor > TimeSpan.FromMinutes(4), $"held for {after.ThrottledFor}");
        Assert.Equal("code 17", await database.ScalarAsync<string>("select throttle_reason from ad_account_status where account_id = 'act_21'"));
    }

    [Fact]
    public async Task Reconnect_ClearsTheExpiry_AndANewExpiryStopsTheNewConnection()
    {
        var storage = new AdAccountStorage(database.DataSource);
        var limits = new AccountLimits(database.DataSource);
        var grain = GrainId.Create("ad-account", "act_22");
        await ConnectAsync(storage, grain);
        await limits.MarkTokenExpiredAsync((await limits.FindAsync("act_22", Ct))!, "expired", Ct);
        Assert.Equal(AdAccount.TokenExpired, (await limits.FindAsync("act_22", Ct))!.Status);

        await ConnectAsync(storage, grain);
        var reconnected = (await limits.FindAsync("act_22", Ct))!;
        Assert.Equal(AdAccount.Active, reconnected.Status);
        var ordinary = await ReadAsync(storage, grain);
        ordinary.State!.Schedule = "daily";
        await storage.WriteStateAsync(AdAccountGrain.StateName, grain, ordinary);
        Assert.Equal(AdAccount.Active, (await limits.FindAsync("act_22", Ct))!.Status);

        await limits.MarkTokenExpiredAsync(reconnected, "expired again", Ct);

        Assert.Equal(AdAccount.TokenExpired, (await limits.FindAsync("act_22", Ct))!.Status);
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from insights_alerts where account_id = 'act_22' and resolved_at is null"));
    }
}
