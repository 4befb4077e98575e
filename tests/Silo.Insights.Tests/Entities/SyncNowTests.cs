using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Insights.Tests.Entities;

/// <summary>Sync-now through grain calls: the run's id comes back only once every entity grain has persisted its pending refresh.</summary>
public sealed class SyncNowTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SyncNow_AccountHeld_AnswersOnlyAfterEveryEntityPersistedItsRefreshThenCompletesWhenTheHoldEnds()
    {
        var settings = InsightsTestNode.StubSettings();
        settings["Silo:Insights:SyncNowWait"] = "00:00:00";
        // Once the hold is lifted, each entity's backstop reminder takes its refresh on within a second.
        settings["Silo:Insights:RefreshBackstop"] = "00:00:01";
        await using var node = await InsightsTestNode.StartAsync(database, settings);
        await node.ConnectAsync(database, "act_3101", "acme", InsightsTestNode.StubEntities);
        // Every grain of the account must wait: nothing can finish before the answer. The hold lasts until
        // the test lifts it (an hour is far beyond any test), so a slow machine cannot end it early.
        await database.ExecuteAsync("""
            insert into ad_account_limits (account_id, throttled_at, throttled_until) values ('act_3101', now(), now() + interval '1 hour')
            on conflict (account_id) do update set throttled_at = excluded.throttled_at, throttled_until = excluded.throttled_until
            """);
        using var admin = node.AdminClient();

        var response = await admin.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = 2, force = true }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var syncId = report.GetProperty("sync_id").GetString()!;
        Assert.Equal("running", report.GetProperty("status").GetString());
        Assert.Equal((long)InsightsTestNode.StubEntities, await database.ScalarAsync<long>(
            "select count(*) from ad_entities where account_id = 'act_3101' and pending -> 'SyncIds' @> to_jsonb(@id::text)", ("id", syncId)));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_3101'"));

        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from sync_run_entities where sync_id = @id::uuid", ("id", syncId)));
        await database.ExecuteAsync("update ad_account_limits set throttled_until = now() where account_id = 'act_3101'");
        await Eventually.UntilAsync(async () =>
                (await admin.GetFromJsonAsync<JsonElement>($"/meta/insights/sync-runs/{syncId}", Ct)).GetProperty("status").GetString() == "completed",
            "the run completed once the hold ended");
        Assert.Equal(InsightsTestNode.StubEntities * 2L, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_3101'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ad_entities where account_id = 'act_3101' and pending is not null"));
        Assert.True(await database.ScalarAsync<DateTime>("select min(e.finished_at) from sync_run_entities e where e.sync_id = @id::uuid", ("id", syncId))
            >= await database.ScalarAsync<DateTime>("select throttled_until from ad_account_status where account_id = 'act_3101'"), "no entity finished while the account was held");
    }
}
