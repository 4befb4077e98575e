using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Insights.Tests.Entities;

/// <summary>A refresh persisted on a node that then stops (its timers gone) is completed by another node from the backstop reminder.</summary>
public sealed class RefreshTakeoverTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refresh_NodeStoppedWhileHeld_AnotherNodeCompletesTheRunFromTheBackstop()
    {
        var settings = InsightsTestNode.StubSettings();
        settings["Silo:Insights:SyncNowWait"] = "00:00:00";
        settings["Silo:Insights:RefreshBackstop"] = "00:00:02";
        string syncId;
        await using (var first = await InsightsTestNode.StartAsync(database, settings))
        {
            await first.ConnectAsync(database, "act_3301", "acme", InsightsTestNode.StubEntities);
            // Held for an hour: nothing can finish on the first node.
            await database.ExecuteAsync("""
            insert into ad_account_limits (account_id, throttled_at, throttled_until) values ('act_3301', now(), now() + interval '1 hour')
            on conflict (account_id) do update set throttled_at = excluded.throttled_at, throttled_until = excluded.throttled_until
            """);
            using var admin = first.AdminClient();
            var response = await admin.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = 3, force = true }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            syncId = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("sync_id").GetString()!;
        }
        Assert.Equal((long)InsightsTestNode.StubEntities, await database.ScalarAsync<long>(
            "select count(*) from ad_entities where account_id = 'act_3301' and pending is not null"));
        await database.ExecuteAsync("update ad_account_limits set throttled_until = now() where account_id = 'act_3301'");

        await using var second = await InsightsTestNode.StartAsync(database, settings);

        using var reader = await second.ClientAsync("acme", "analytics:read");
        await Eventually.UntilAsync(async () =>
                (await reader.GetFromJsonAsync<JsonElement>($"/meta/insights/sync-runs/{syncId}", Ct)).GetProperty("status").GetString() == "completed",
            "the second node completed the run");
        Assert.Equal(InsightsTestNode.StubEntities * 3L, await database.ScalarAsync<long>("select count(*) from meta_ad_insights where account_id = 'act_3301'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from ad_entities where account_id = 'act_3301' and pending is not null"));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from orleans_reminders where reminder_name = 'continue'") == 0,
            "every backstop reminder is gone once its refresh is stored");
    }
}
