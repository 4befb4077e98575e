using System.Net;
using Silo.Media.Tests.Support;
using Silo.Simulators.Patreon;
using Silo.Testing;
using static Silo.Media.Tests.Patreon.CrawlClient;

namespace Silo.Media.Tests.Patreon;

/// <summary>A Patreon creator crawl against the Patreon, CDN and video site simulators and a real PostgreSQL: seed 003's three phases and the media policy.</summary>
public sealed class PatreonCrawlTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Newest = new(2025, 11, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Crawl_WholeCampaign_ThreePhasesEveryPostHandedOnceAndArchived()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings(pageSize: 4));
        var campaign = SimulatedCampaign.Populate(world.Patreon, world.Site, "5550001", 13, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));

        var response = await PostAsync(world, "5550001");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/media/patreon/campaigns/5550001/crawl", response.Headers.Location?.ToString());
        await UntilAsync(database, "5550001", "done", TimeSpan.FromSeconds(60));
        await UntilSettledAsync(database, "5550001", TimeSpan.FromSeconds(90));
        var status = await StatusAsync(world, "5550001");
        Assert.Equal(("done", "collections"), (Text(status, "status"), Text(status, "phase")));
        Assert.Equal((4, 13, 13, 0, 3), (status.GetProperty("pagesRead").GetInt32(), status.GetProperty("postsFound").GetInt32(),
            status.GetProperty("detailsRead").GetInt32(), status.GetProperty("postsGone").GetInt32(), status.GetProperty("tiersFound").GetInt32()));
        Assert.Equal((13L, 0L, 0L), (status.GetProperty("archived").GetInt64(), status.GetProperty("failed").GetInt64(), status.GetProperty("inProgress").GetInt64()));
        // Phase 3: posts 2, 5, 8, 11 are locked, to tiers 01, 02, 03, 01.
        var collections = status.GetProperty("collections").EnumerateArray()
            .Select(c => (Text(c, "tierId"), Text(c, "title"), c.GetProperty("posts").GetInt64())).ToList();
        Assert.Equal([("555000101", "Supporter", 2L), ("555000102", "Insider", 1L), ("555000103", "Producer", 1L)], collections);

        // One list call per page, one read per post, one for the tiers: phase 2 read each post once.
        Assert.Equal(4, world.Patreon.Reads("campaigns/5550001/posts"));
        Assert.All(campaign.Posts, p => Assert.Equal(1, world.Patreon.Reads($"posts/{p.Id}")));
        Assert.Equal(1, world.Patreon.Reads("campaigns/5550001"));
        Assert.Equal(13L, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'patreon:5550001%' and source = 'patreon'"));
        Assert.Equal(13L, await database.ScalarAsync<long>("select count(*) from patreon_crawl_posts where campaign_id = '5550001' and state = 'handed'"));
        Assert.Equal("Podcast 3", await database.ScalarAsync<string>("select title from patreon_crawl_posts where post_id = '55500010004'"));
    }

    [Fact]
    public async Task Crawl_DefaultPolicy_ImagesKeptAsLinksVideosAndAudioStoredYouTubeEmbedded()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings(pageSize: 10));
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5550002", 5, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550002")).StatusCode);
        await UntilAsync(database, "5550002", "done", TimeSpan.FromSeconds(60));
        await UntilSettledAsync(database, "5550002", TimeSpan.FromSeconds(90));

        // Seed 003: images are not needed (URL kept), videos and audio are downloaded, YouTube embedded.
        var image = (await MediaAsync(world, "patreon:55500020002"))["image:0"];
        Assert.Equal(("keep_url", "skipped"), (Text(image, "action"), Text(image, "status")));
        Assert.Equal(0, world.Cdn.RequestCount("patreon-55500020002.png"));
        var video = (await MediaAsync(world, "patreon:55500020003"))["attachment:0:video"];
        Assert.Equal(("download", "success"), (Text(video, "action"), Text(video, "status")));
        Assert.NotNull(Text(video, "sha256"));
        var audio = (await MediaAsync(world, "patreon:55500020004"))["attachment:0:audio"];
        Assert.Equal(("download", "success", "audio/mpeg"), (Text(audio, "action"), Text(audio, "status"), Text(audio, "mimeType")));
        var youTube = (await MediaAsync(world, "patreon:55500020005"))["youtube"];
        Assert.Equal(("embed", "success"), (Text(youTube, "action"), Text(youTube, "status")));
        Assert.Equal(0, world.Site.RequestCount("media/yt55500020005.mp4"));
        var text = await world.GetPostAsync("patreon:55500020001");
        Assert.Equal("Update 0\n\nThanks for your support, post 0.\nMore soon.", Text(text, "message"));
        Assert.Equal("https://www.patreon.com/posts/55500020001", Text(text, "permalink"));
    }

    [Fact]
    public async Task Crawl_VideosOffImagesOn_ViewOnPatreonAndImageStored()
    {
        var settings = Settings(pageSize: 10);
        settings["MEDIA_PATREON_DOWNLOAD_VIDEOS"] = "false";
        settings["Silo:Media:Policy:Patreon:DownloadImages"] = "true";
        await using var world = await MediaWorld.StartAsync(database, settings);
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5550003", 4, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550003")).StatusCode);
        await UntilAsync(database, "5550003", "done", TimeSpan.FromSeconds(60));
        await UntilSettledAsync(database, "5550003", TimeSpan.FromSeconds(90));

        var video = (await MediaAsync(world, "patreon:55500030003"))["attachment:0:video"];
        Assert.Equal(("view_on_source", "skipped", "View on Patreon"), (Text(video, "action"), Text(video, "status"), Text(video, "note")));
        Assert.Equal(0, world.Cdn.RequestCount("patreon-55500030003.mp4"));
        var image = (await MediaAsync(world, "patreon:55500030002"))["image:0"];
        Assert.Equal(("download", "success"), (Text(image, "action"), Text(image, "status")));
    }

    [Fact]
    public async Task Crawl_RateLimitedThenServerErrors_WaitsRetriesAndFinishes()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings(pageSize: 2));
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5550004", 4, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));
        // The first call answers 429 (Retry-After: 1), the next two 503.
        (world.Patreon.Faults.RateLimitCount, world.Patreon.Faults.RetryAfterSeconds, world.Patreon.Faults.FailCount) = (1, 1, 2);

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550004")).StatusCode);
        await UntilAsync(database, "5550004", "done", TimeSpan.FromSeconds(60));

        var status = await StatusAsync(world, "5550004");
        Assert.Equal((2, 4, 4, 1), (status.GetProperty("pagesRead").GetInt32(), status.GetProperty("postsFound").GetInt32(),
            status.GetProperty("detailsRead").GetInt32(), status.GetProperty("slowdowns").GetInt32()));
        Assert.StartsWith("Patreon API error 503 reading the campaign's post list", Text(status, "lastError"));
        Assert.Equal(5, world.Patreon.Reads("campaigns/5550004/posts")); // the first page three times more, then the second
        Assert.Equal(0, await database.ScalarAsync<int>("select failures_in_row from patreon_crawls where campaign_id = '5550004'"));
        Assert.Equal(4L, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'patreon:5550004%'"));
    }

    [Fact]
    public async Task Crawl_429ForOneCrawl_AnotherCrawlOnTheSameTokenRestsToo()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings(pageSize: 2));
        var audio = await RealMedia.BytesAsync("mp3");
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5550031", 2, Newest, TimeSpan.FromDays(1), audio);
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5550032", 2, Newest, TimeSpan.FromDays(1), audio);
        // The first crawl's first call is refused for 3 s; the second crawl, on the same (cluster) token, starts meanwhile.
        (world.Patreon.Faults.RateLimitCount, world.Patreon.Faults.RetryAfterSeconds) = (1, 3);

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550031")).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select slowdowns from patreon_crawls where campaign_id = '5550031'") == 1,
            "the first crawl is rate limited");
        var restingUntil = (await StatusAsync(world, "5550031")).GetProperty("restingUntil").GetDateTimeOffset();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550032")).StatusCode);
        await UntilAsync(database, "5550031", "done");
        await UntilAsync(database, "5550032", "done");

        // Patreon counts requests per token: the second crawl made no call before the token's rest was over.
        Assert.True(world.Patreon.FirstReadAt("campaigns/5550032/posts") >= restingUntil,
            $"the second crawl called Patreon at {world.Patreon.FirstReadAt("campaigns/5550032/posts"):O}, before the token's rest ended at {restingUntil:O}");
        Assert.Equal(0, await database.ScalarAsync<int>("select slowdowns from patreon_crawls where campaign_id = '5550032'"));
        Assert.Equal(1, world.Patreon.Reads("campaigns/5550032/posts"));
    }

    [Fact]
    public async Task Crawl_ServerErrorsBeyondTheLimit_FailedThenResumedFromTheSamePost()
    {
        var settings = Settings(pageSize: 10);
        settings["Silo:Media:Patreon:MaxFailuresInRow"] = "3";
        await using var world = await MediaWorld.StartAsync(database, settings);
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5550005", 4, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));
        world.Patreon.Faults.LatencyMs = 100;

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550005")).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select details_read from patreon_crawls where campaign_id = '5550005'") >= 1,
            "a post's details are read");
        world.Patreon.Faults.FailCount = -1;
        await UntilAsync(database, "5550005", "failed");
        var failed = await StatusAsync(world, "5550005");
        Assert.StartsWith("3 failures in a row; last: Patreon API error 503 reading post ", Text(failed, "lastError"));
        var readBefore = failed.GetProperty("detailsRead").GetInt32();
        // The run stopped as a whole (seed 000's "error crítico en ejecución"): one alert for the campaign, not the token's.
        Assert.StartsWith("Patreon campaign 5550005: crawl stopped on an error: 3 failures in a row; last: Patreon API error 503", await database.ScalarAsync<string>(
            "select message from alerts where kind = 'patreon_failed:5550005' and not resolved"), StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'patreon_token:5550005'"));

        (world.Patreon.Faults.FailCount, world.Patreon.Faults.LatencyMs) = (0, 0);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550005", "resume")).StatusCode);
        await UntilAsync(database, "5550005", "done");
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'patreon_failed:5550005' and not resolved"));

        Assert.InRange(readBefore, 1, 3);
        Assert.Equal(4, (await StatusAsync(world, "5550005")).GetProperty("detailsRead").GetInt32());
        Assert.Equal(1, world.Patreon.Reads("campaigns/5550005/posts")); // the list was not read again
    }

    [Fact]
    public async Task Crawl_TokenRefused_FailsWithTheReasonAndAnAlertThenResumes()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings());
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5550006", 4, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));
        world.Patreon.Faults.Unauthorized = true;

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550006")).StatusCode);
        await UntilAsync(database, "5550006", "failed");

        var status = await StatusAsync(world, "5550006");
        Assert.StartsWith("Patreon refused the access token (401) reading the campaign's post list: Unauthorized", Text(status, "lastError"));
        Assert.Equal(1, world.Patreon.Reads("campaigns/5550006/posts")); // not retried: the same token is refused again
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'patreon_token:5550006' and not resolved"));
        // The failure is stored first, then the reminder goes: nothing will call Patreon again with this token.
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'patreon-crawl/5550006'") == 0, "the crawl's reminder is removed");
        Assert.Equal(1, world.Patreon.Reads("campaigns/5550006/posts"));

        world.Patreon.Faults.Unauthorized = false;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550006", "resume")).StatusCode);
        await UntilAsync(database, "5550006", "done");
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'patreon_token:5550006' and not resolved"));
        Assert.Equal(4L, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'patreon:5550006%'"));
    }

    [Fact]
    public async Task Crawl_TenantWithItsOwnCreatorToken_PatreonCalledWithThatToken()
    {
        var settings = Settings(pageSize: 10);
        settings["Silo:Tenants:acme:PatreonCampaigns:1"] = "5550021";
        settings["Silo:Tenants:acme:Tokens:patreon"] = "acme_creator_token";
        await using var world = await MediaWorld.StartAsync(database, settings);
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5550021", 3, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));
        // The campaign answers acme's creator token only: the cluster's (Silo:Patreon:AccessToken) is refused.
        world.Patreon.AccessToken = "acme_creator_token";

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550021")).StatusCode);
        await UntilAsync(database, "5550021", "done");

        Assert.Equal(3L, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'patreon:5550021%' and tenant = 'acme'"));
    }

    [Fact]
    public async Task Crawl_PostDeletedAfterListing_CountedGoneAndCrawlGoesOn()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings(pageSize: 10));
        var campaign = SimulatedCampaign.Populate(world.Patreon, world.Site, "5550007", 4, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));
        world.Patreon.Faults.LatencyMs = 150;

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5550007")).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<string>("select phase from patreon_crawls where campaign_id = '5550007'") == "details",
            "the list is read");
        world.Patreon.RemovePost(campaign.Posts[^1].Id);
        world.Patreon.Faults.LatencyMs = 0;
        await UntilAsync(database, "5550007", "done");

        var status = await StatusAsync(world, "5550007");
        Assert.Equal((4, 3, 1), (status.GetProperty("postsFound").GetInt32(), status.GetProperty("detailsRead").GetInt32(), status.GetProperty("postsGone").GetInt32()));
        Assert.Equal("gone", await database.ScalarAsync<string>("select state from patreon_crawl_posts where post_id = @id", ("id", campaign.Posts[^1].Id)));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from posts where post_id = @id", ("id", "patreon:" + campaign.Posts[^1].Id)));
    }

    [Fact]
    public async Task Crawl_ThreeCampaignsOnOneNode_PhaseLimitsHeld()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings(pageSize: 2));
        var audio = await RealMedia.BytesAsync("mp3");
        string[] campaigns = ["5550011", "5550012", "5550013"];
        foreach (var campaign in campaigns) SimulatedCampaign.Populate(world.Patreon, world.Site, campaign, 4, Newest, TimeSpan.FromDays(1), audio);
        world.Patreon.Faults.LatencyMs = 100; // calls overlap when a phase lets them (with DetailsConcurrency 3, three post reads did)

        foreach (var campaign in campaigns) Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, campaign)).StatusCode);
        foreach (var campaign in campaigns) await UntilAsync(database, campaign, "done", TimeSpan.FromSeconds(60));

        // Seed 003's workers per node: phase 1 two at once, phase 2 one, phase 3 two.
        Assert.InRange(world.Patreon.MostAtOnce("list"), 1, 2);
        Assert.Equal(1, world.Patreon.MostAtOnce("post"));
        Assert.InRange(world.Patreon.MostAtOnce("campaign"), 1, 2);
        Assert.Equal(12L, await database.ScalarAsync<long>("select count(*) from patreon_crawl_posts where state = 'handed' and campaign_id like '555001_'"));
    }
}
