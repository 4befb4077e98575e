using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using Silo.Simulators.Patreon;
using Silo.Testing;
using static Silo.Media.Tests.Patreon.CrawlClient;

namespace Silo.Media.Tests.Patreon;

/// <summary>The crawl routes: bad input, another tenant's keys, and pause/resume/cancel of a running crawl.</summary>
public sealed class PatreonCrawlEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Newest = new(2025, 11, 7, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartCrawl_BadCampaignIdOrTenant_400NamingTheFieldAndNothingStored()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings());
        using var acme = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Manager));

        var id = await acme.PostAsJsonAsync(Path("55x0001"), new { }, Ct);
        var tenant = await acme.PostAsJsonAsync(Path("5560001"), new { tenant = "globex" }, Ct);
        var status = await acme.GetAsync(Path("55x0001"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, id.StatusCode);
        Assert.Equal(["campaignId"], await ErrorFieldsAsync(id));
        Assert.Equal(HttpStatusCode.BadRequest, tenant.StatusCode);
        Assert.Equal(["tenant"], await ErrorFieldsAsync(tenant));
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        // This test's campaigns only: the class's other tests share the database and may have run first.
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from patreon_crawls where campaign_id in ('55x0001', '5560001')"));
        // Again this test's campaigns only: the class's world (and its simulator's counts) is shared, in any order.
        Assert.Equal(0, world.Patreon.Reads("campaigns/55x0001/posts") + world.Patreon.Reads("campaigns/5560001/posts"));
    }

    [Fact]
    public async Task StartCrawl_NoAccessTokenConfigured_503AndNothingStored()
    {
        var settings = Settings();
        settings["Silo:Patreon:AccessToken"] = "";
        await using var world = await MediaWorld.StartAsync(database, settings);

        var response = await PostAsync(world, "5560002");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Silo:Patreon:AccessToken", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from patreon_crawls where campaign_id = '5560002'"));
    }

    [Fact]
    public async Task CrawlRoutes_AnotherTenantsKey_404AndNothingChanged()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings());
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5560003", 4, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));
        using var acme = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Manager));
        using var globex = world.Node.ClientWithKey(await world.KeyAsync("globex", Permissions.Manager));

        Assert.Equal(HttpStatusCode.Accepted, (await acme.PostAsJsonAsync(Path("5560003"), new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync(Path("5560003"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsJsonAsync(Path("5560003"), new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsync(Path("5560003", "cancel"), null, Ct)).StatusCode);
        await UntilAsync(database, "5560003", "done");

        Assert.Equal(("acme", 1), (await database.ScalarAsync<string>("select tenant from patreon_crawls where campaign_id = '5560003'"),
            await database.ScalarAsync<int>("select run from patreon_crawls where campaign_id = '5560003'")));
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync(Path("5560003"), Ct)).StatusCode);
        Assert.Equal(4L, await database.ScalarAsync<long>("select count(*) from posts where post_id like 'patreon:5560003%' and tenant = 'acme'"));
    }

    [Fact]
    public async Task PauseResumeCancel_RunningCrawl_StopsGoesOnAndEnds()
    {
        await using var world = await MediaWorld.StartAsync(database, Settings(pageSize: 2));
        SimulatedCampaign.Populate(world.Patreon, world.Site, "5560004", 4, Newest, TimeSpan.FromDays(1), await RealMedia.BytesAsync("mp3"));
        world.Patreon.Faults.LatencyMs = 300; // each call takes a while, so the crawl is caught mid-way

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5560004")).StatusCode);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select pages_read from patreon_crawls where campaign_id = '5560004'") >= 1,
            "the first page is read");
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(world, "5560004")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5560004", "pause")).StatusCode);

        // Paused: answered once the step in hand was stored; no step or reminder is left.
        Assert.Equal("paused", await StoredStatusAsync(database, "5560004"));
        var requestsWhenPaused = world.Patreon.Requests;
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from orleans_reminders where grain_id = 'patreon-crawl/5560004'"));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(world, "5560004", "pause")).StatusCode);
        Assert.Equal("paused", (await StatusAsync(world, "5560004")).GetProperty("status").GetString());
        Assert.Equal(requestsWhenPaused, world.Patreon.Requests);

        world.Patreon.Faults.LatencyMs = 0;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5560004", "resume")).StatusCode);
        await UntilAsync(database, "5560004", "done");
        Assert.Equal(2, world.Patreon.Reads("campaigns/5560004/posts")); // the pause re-read nothing
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(world, "5560004", "cancel")).StatusCode);

        // A finished crawl may be started again: a new run, cancelled at once.
        world.Patreon.Faults.LatencyMs = 300;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5560004")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "5560004", "cancel")).StatusCode);
        Assert.Equal("cancelled", await StoredStatusAsync(database, "5560004"));
        Assert.Equal(2, await database.ScalarAsync<int>("select run from patreon_crawls where campaign_id = '5560004'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from orleans_reminders where grain_id = 'patreon-crawl/5560004'"));
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(world, "5560004", "resume")).StatusCode);
    }

    private static async Task<List<string>> ErrorFieldsAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

}
