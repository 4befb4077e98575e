using System.Net;
using Silo.Hosting.Hosting;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaGraph;
using Silo.Testing;

namespace Silo.Media.Tests.Backfill;

/// <summary>
/// A page backfill whose silo is SIGKILLed mid-walk (real `silo` processes in one database): the
/// walk's reminder resumes it on the other silo from the last page it finished, and every post and
/// stored object exists once.
/// </summary>
public sealed class BackfillNodeKillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Posts = 150;
    private const int Pages = 6; // 25 a page

    [Fact]
    public async Task Backfill_SiloKilledMidWalk_OtherSiloResumesFromLastPageWithoutDuplicates()
    {
        await using var world = await MediaWorld.StartAsync(database, startNode: false);
        var page = SimulatedHistory.PopulatePage(world.Graph, "330001", Posts, attachments: 270, new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromHours(2), imageBytes: 2048, videoBytes: 4096);
        world.Graph.Faults.LatencyMs = 300;
        world.Graph.Faults.RegainAccessMinutes = 0;
        var settings = BackfillClient.Settings("330001");
        settings["Silo:Media:Backfill:MaxCoolDown"] = "00:00:01";

        // The victim is the only silo when the backfill starts, so the walk's grain runs there; the
        // in-process node is a gateway (an Orleans client) that only takes the request.
        await using var victim = world.StartSiloProcess(settings);
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 1, "the victim joined", TimeSpan.FromSeconds(60));
        await world.StartNodeAsync(settings, role: SiloRole.Gateway);
        Assert.Equal(HttpStatusCode.Accepted, (await BackfillClient.PostAsync(world, "/api/media/pages/330001/backfill")).StatusCode);

        await Eventually.UntilAsync(async () => await PagesReadAsync() >= 2, "the victim has read two pages", TimeSpan.FromSeconds(60));
        // From now on Meta refuses every read (code 4): the walk rests between tries, holding mid-way on the victim.
        world.Graph.Faults.RateLimitCount = -1;
        await using var survivor = world.StartSiloProcess(settings);
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 2, "the survivor joined", TimeSpan.FromSeconds(60));
        var pagesAtKill = await PagesReadAsync();
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(pagesAtKill < Pages, $"the walk was over ({pagesAtKill} pages) before the kill");
        world.Graph.Faults.RateLimitCount = 0;

        await BackfillClient.UntilAsync(database, "facebook:330001", "done", TimeSpan.FromSeconds(90));
        await BackfillClient.UntilSettledAsync(database, "facebook:330001", TimeSpan.FromSeconds(90));
        // Resumed from the last finished page, not from the start (which would have counted the first pages twice).
        Assert.Equal(Pages, await PagesReadAsync());
        Assert.Equal(Posts, await database.ScalarAsync<int>("select posts_found from backfills where backfill_id = 'facebook:330001'"));
        Assert.Equal((long)Posts, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'fb:330001\\_%'"));
        Assert.Equal((long)Posts, await database.ScalarAsync<long>("select count(*) from backfill_posts where backfill_id = 'facebook:330001'"));
        Assert.Equal((long)Posts, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'fb:330001\\_%' and status = 'success'"));
        // Every file once: in media_files, in the store, and referenced by exactly the posts that carry it.
        // The videos' previews are a frame of the same sample clip: one file, referenced by every video.
        var files = 270L + page.Videos + 1;
        Assert.Equal(files, await database.ScalarAsync<long>("select count(*) from media_files"));
        Assert.Equal(files, Directory.GetFiles(world.MediaRoot, "*", SearchOption.AllDirectories).LongLength);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "select count(*) from media_files where reference_count <> 1 and sha256 not in (select preview_sha256 from media_files where preview_sha256 is not null)"));
        Assert.Equal((long)page.Videos, await database.ScalarAsync<long>(
            "select reference_count from media_files where sha256 in (select preview_sha256 from media_files)"));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'backfill/facebook:330001'") == 0, "the walk's reminder is removed");
    }

    private Task<int> PagesReadAsync() =>
        database.ScalarAsync<int>("select coalesce((select pages_read from backfills where backfill_id = 'facebook:330001'), 0)");
}
