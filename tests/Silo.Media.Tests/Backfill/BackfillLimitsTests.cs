using System.Net;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaGraph;
using Silo.Testing;

namespace Silo.Media.Tests.Backfill;

/// <summary>Meta's rate limits and token refusals met by a page backfill, and an Instagram account's history walk.</summary>
public sealed class BackfillLimitsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Newest = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Backfill_UsageHeadersHighThenRateLimitCode_SlowsDownAndStillFinishes()
    {
        await using var world = await MediaWorld.StartAsync(database, BackfillClient.Settings("320001"));
        SimulatedHistory.PopulatePage(world.Graph, "320001", posts: 100, attachments: 180, Newest, TimeSpan.FromHours(1), imageBytes: 2048, videoBytes: 4096);
        world.Graph.Faults.UsagePercent = 75; // between SlowDownAbovePercent (60) and StopAbovePercent (90): every page is followed by a pause
        world.Graph.Faults.RateLimitCount = 2;
        world.Graph.Faults.RateLimitCode = 32; // and the first two reads are refused: "(#32) Page request limit reached"
        world.Graph.Faults.RegainAccessMinutes = 0; // with no estimate, so the walk rests its own CoolDown (200 ms, then 400 ms)

        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/320001/backfill")).StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:320001", "done");

        var status = await BackfillClient.StatusAsync(world, "/api/media/pages/320001/backfill");
        Assert.Equal(4, status.GetProperty("pagesRead").GetInt32());
        // Two refusals rested the token, and each of the four pages read at 75 % paused the walk.
        Assert.Equal(2 + 4, status.GetProperty("slowdowns").GetInt32());
        Assert.Equal(75, status.GetProperty("lastUsagePercent").GetInt32());
        Assert.Equal(6, world.Graph.Requests);
        // The last refusal stays visible as the last error, though the walk went on.
        Assert.Contains("code 32", status.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfill_TokenExpiresThenServerErrors_EachStopRaisesItsAlertResolvedOnResume()
    {
        var settings = BackfillClient.Settings("320002");
        settings["Silo:Media:Backfill:MaxFailuresInRow"] = "2";
        await using var world = await MediaWorld.StartAsync(database, settings);
        SimulatedHistory.PopulatePage(world.Graph, "320002", posts: 60, attachments: 100, Newest, TimeSpan.FromHours(1), imageBytes: 2048, videoBytes: 4096);
        world.Graph.Faults.TokenExpired = true;

        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/320002/backfill")).StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:320002", "failed");

        var status = await BackfillClient.StatusAsync(world, "/api/media/pages/320002/backfill");
        Assert.StartsWith("the page token has expired (code 190/463)", status.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, status.GetProperty("pagesRead").GetInt32());
        Assert.Equal(1, world.Graph.Requests); // stopped at once: no retry spends a refused token
        Assert.Equal(1L, await database.ScalarAsync<long>(
            "select count(*) from alerts where kind = 'backfill_token:facebook:320002' and not resolved and message like 'Page 320002: history walk stopped, the page token has expired%'"));
        // The failed state is written first, then the reminder goes (a loaded machine can show the moment between).
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'backfill/facebook:320002'") == 0, "the stopped walk's reminder is removed");

        // Renewed: resuming goes on from where it stopped and resolves the alert.
        world.Graph.Faults.TokenExpired = false;
        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/320002/backfill/resume")).StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:320002", "done");
        Assert.Equal(60, await database.ScalarAsync<int>("select posts_found from backfills where backfill_id = 'facebook:320002'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'backfill_token:facebook:320002' and not resolved"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'backfill_failed:facebook:320002'"));

        // Seed 000's "error crítico en ejecución": a run that stops on any other error raises the walk's run alert.
        world.Graph.Faults.FailCount = -1;
        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/320002/backfill")).StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:320002", "failed");
        Assert.StartsWith("acme|Page 320002: history walk stopped on an error: 2 failures in a row; last: Graph API error ", await database.ScalarAsync<string>(
            "select tenant || '|' || message from alerts where kind = 'backfill_failed:facebook:320002' and not resolved"), StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'backfill_token:facebook:320002' and not resolved"));
        world.Graph.Faults.FailCount = 0;
        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/320002/backfill/resume")).StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:320002", "done");
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'backfill_failed:facebook:320002' and not resolved"));
    }

    [Fact]
    public async Task InstagramHistory_PagedMediaWithCarouselsAndVideos_EveryMediaArchived()
    {
        await using var world = await MediaWorld.StartAsync(database, BackfillClient.Settings());
        var files = SimulatedHistory.PopulateInstagram(world.Graph, "17841400777", 60, Newest, TimeSpan.FromHours(3), imageBytes: 2048, videoBytes: 4096);

        var response = await BackfillClient.PostAsync(world, "/api/media/instagram-accounts/17841400777/history", new { tenant = "acme" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await BackfillClient.UntilAsync(database, "instagram:17841400777", "done");
        await BackfillClient.UntilSettledAsync(database, "instagram:17841400777", TimeSpan.FromSeconds(60));
        var status = await BackfillClient.StatusAsync(world, "/api/media/instagram-accounts/17841400777/history");
        Assert.Equal(3, status.GetProperty("pagesRead").GetInt32());
        Assert.Equal(60, status.GetProperty("postsFound").GetInt32());
        Assert.Equal(60, status.GetProperty("archived").GetInt64());
        Assert.Equal("acme", status.GetProperty("tenant").GetString());
        Assert.Equal((long)files, await database.ScalarAsync<long>(
            "select count(distinct sha256) from post_media m join backfill_posts b using (post_id) where b.backfill_id = 'instagram:17841400777'"));
        var reel = await world.GetPostAsync(await database.ScalarAsync<string>(
            "select post_id from posts where tenant = 'acme' and item_type = 'video' and post_id like 'ig:%' limit 1"));
        Assert.Equal(["media", "thumbnail"], reel.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("slot").GetString()!).Order().ToArray());
        var carousel = await world.GetPostAsync(await database.ScalarAsync<string>(
            "select post_id from posts where item_type = 'carousel_album' and post_id like 'ig:%' limit 1"));
        Assert.Equal(["child:0", "child:1", "child:2", "media"], carousel.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("slot").GetString()!).Order().ToArray());
    }
}
