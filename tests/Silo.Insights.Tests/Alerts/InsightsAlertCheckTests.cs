using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Silo.Insights.Accounts;
using Silo.Insights.Alerts;
using Silo.Insights.Hosting;
using Silo.Testing;

namespace Silo.Insights.Tests.Alerts;

/// <summary>
/// The alert check over real tables: each account over one of seed 004's lines gets one open alert
/// of that kind, however many checks run; an account back under the line has it resolved; a run
/// whose slot is not over yet is not judged; rate-limit hits are recorded with the account's hold.
/// </summary>
public sealed class InsightsAlertCheckTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InsightsAlertCheck Check() => new(database.DataSource,
        Options.Create(new InsightsOptions { SyncInterval = TimeSpan.FromMinutes(30), SlowSyncMinimum = TimeSpan.Zero }),
        TimeProvider.System, NullLogger<InsightsAlertCheck>.Instance);

    private async Task AccountAsync(string account) => await database.ExecuteAsync(
        "insert into ad_accounts (account_id, tenant, name, token_ref) values (@a, 't', @a, 'token')", ("a", account));

    /// <summary>
    /// A scheduled run <paramref name="hoursAgo"/> hours before <paramref name="now"/> (null: at the start of its 30-minute
    /// slot) that took <paramref name="seconds"/>.
    /// </summary>
    private async Task RunAsync(DateTime now, string account, double? hoursAgo, double seconds) => await database.ExecuteAsync("""
        with run as (
            insert into sync_runs (sync_id, sync_type, mode, tenant, account_id, days_back, started_at)
            values (gen_random_uuid(), 'scheduled', 'stub', 't', @a, 28,
                    coalesce(@now - make_interval(secs => @ago::float8), to_timestamp(floor(extract(epoch from @now) / 1800) * 1800)))
            returning sync_id, started_at)
        insert into sync_run_entities (sync_id, entity_id, entity_type, ok, finished_at)
        select sync_id, @a || ':c1', 'campaign', true, started_at + make_interval(secs => @seconds) / 2 from run
        union all select sync_id, @a || ':c2', 'campaign', true, started_at + make_interval(secs => @seconds) from run
        """, ("a", account), ("now", now), ("ago", (object?)(hoursAgo * 3600) ?? DBNull.Value), ("seconds", seconds));

    private async Task EntitiesAsync(string account, int active, int failing) => await database.ExecuteAsync("""
        insert into ad_entities (entity_id, entity_type, account_id, campaign_id, name, status, last_synced_at, last_error)
        select @a || ':e' || n, 'campaign', @a, @a || ':e' || n, 'Campaign ' || n, 'ACTIVE', now(), case when n <= @failing then 'code 2: boom' end
          from generate_series(1, @active) n
        """, ("a", account), ("active", active), ("failing", failing));

    private async Task HitsAsync(string account, int count, double minutesAgo) => await database.ExecuteAsync("""
        insert into insights_rate_limit_hits (account_id, code, hit_at) select @a, 17, now() - make_interval(mins => @ago) from generate_series(1, @n)
        """, ("a", account), ("n", count), ("ago", (int)minutesAgo));

    private async Task<string[]> OpenAlertsAsync(string prefix) => await database.ScalarAsync<string[]>("""
        select coalesce(array_agg(account_id || ' ' || kind order by account_id, kind), '{}') from insights_alerts
         where resolved_at is null and account_id like @p || '%'
        """, ("p", prefix));

    [Fact]
    public async Task RunOnce_AccountsOverEachLine_OneOpenAlertEachAndResolvedOnceBackUnder()
    {
        foreach (var account in new[] { "act_11", "act_12", "act_13", "act_14", "act_15" }) await AccountAsync(account);
        // One moment for the runs and every check: act_15's run stays in its slot even when the database's clock
        // crosses a half hour while the test runs.
        var now = await database.ScalarAsync<DateTime>("select now()");
        // act_11: the last finished sync took 25 s against 10 s before; act_15 the same, except that its long run is still in its slot.
        foreach (var account in new[] { "act_11", "act_14", "act_15" })
            for (var i = 5; i >= 2; i--) await RunAsync(now, account, i, 10);
        await RunAsync(now, "act_11", 1, 25);
        await RunAsync(now, "act_14", 1, 20);
        await RunAsync(now, "act_15", null, 100);
        // act_12: 11 rate-limit hits in the hour (act_14: 10, and 5 more two hours ago).
        await HitsAsync("act_12", 11, 5);
        await HitsAsync("act_14", 10, 5);
        await HitsAsync("act_14", 5, 120);
        // act_13: 2 of 20 active entities failed their last refresh (act_14: 1 of 20).
        await EntitiesAsync("act_13", 20, 2);
        await EntitiesAsync("act_14", 20, 1);

        await Check().RunOnceAsync(Ct, now);
        await Check().RunOnceAsync(Ct, now);

        Assert.Equal(["act_11 sync_slow", "act_12 rate_limit_hits", "act_13 entities_failing"], await OpenAlertsAsync("act_1"));
        Assert.Equal(3L, await database.ScalarAsync<long>("select count(*) from insights_alerts where account_id like 'act_1%'"));

        await database.ExecuteAsync("delete from insights_rate_limit_hits where account_id = 'act_12'");
        await database.ExecuteAsync("update ad_entities set last_error = null where account_id = 'act_13'");
        await Check().RunOnceAsync(Ct, now);

        Assert.Equal(["act_11 sync_slow"], await OpenAlertsAsync("act_1"));
        Assert.Equal(2L, await database.ScalarAsync<long>(
            "select count(*) from insights_alerts where account_id in ('act_12', 'act_13') and resolved_at is not null"));
    }

    [Fact]
    public async Task RunOnce_HitsOlderThanADay_Deleted()
    {
        await AccountAsync("act_21");
        await HitsAsync("act_21", 2, 60 * 25);
        await HitsAsync("act_21", 3, 60 * 23);

        await Check().RunOnceAsync(Ct);

        Assert.Equal(3L, await database.ScalarAsync<long>("select count(*) from insights_rate_limit_hits where account_id = 'act_21'"));
    }

    [Fact]
    public async Task RateLimited_MetaRefusedACall_AccountHeldAndTheHitRecordedWithItsCode()
    {
        await AccountAsync("act_31");

        await new AccountLimits(database.DataSource).RateLimitedAsync("act_31", 80004, TimeSpan.FromMinutes(10), "code 80004: too many calls", Ct);

        Assert.Equal(80004, await database.ScalarAsync<int>("select code from insights_rate_limit_hits where account_id = 'act_31'"));
        Assert.True(await database.ScalarAsync<bool>(
            "select throttled_until between now() + interval '9 minutes' and now() + interval '10 minutes' from ad_account_status where account_id = 'act_31'"));
        Assert.Equal("code 80004: too many calls", await database.ScalarAsync<string>("select throttle_reason from ad_account_status where account_id = 'act_31'"));
    }

    [Fact]
    public async Task ReadHealth_FreshAndFailingEntities_CoverageCountsOnlyActiveEntitiesRefreshedWithinTwoIntervals()
    {
        await AccountAsync("act_41");
        await EntitiesAsync("act_41", 4, 1);
        await database.ExecuteAsync("update ad_entities set last_synced_at = now() - interval '61 minutes' where entity_id = 'act_41:e4'");
        await database.ExecuteAsync("update ad_entities set status = 'PAUSED', last_synced_at = null where entity_id = 'act_41:e3'");

        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        var health = (await AccountHealthQuery.ReadAsync(connection, TimeSpan.FromMinutes(30), Ct)).Single(h => h.AccountId == "act_41");

        Assert.Equal(new AccountHealth("act_41", null, null, 0, 0, 3, 2, 1), health);
    }
}
