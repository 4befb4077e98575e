using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaGraph;
using Silo.Testing;

namespace Silo.Media.Tests.Backfill;

/// <summary>The backfill routes' answers to bad input and to another tenant's keys.</summary>
public sealed class BackfillEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartPageBackfill_UntilBeforeSinceOrBadId_400NamingTheFieldAndNothingStored()
    {
        await using var world = await MediaWorld.StartAsync(database, BackfillClient.Settings("340001"));

        var range = await BackfillClient.PostAsync(world, "/api/media/pages/340001/backfill",
            new { since = "2025-06-01T00:00:00Z", until = "2025-05-01T00:00:00Z" });
        var id = await BackfillClient.PostAsync(world, "/api/media/pages/34x001/backfill");

        Assert.Equal(HttpStatusCode.BadRequest, range.StatusCode);
        Assert.True((await range.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("until", out _));
        Assert.Equal(HttpStatusCode.BadRequest, id.StatusCode);
        Assert.True((await id.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("pageId", out _));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from backfills where account_id in ('340001', '34x001')"));
    }

    [Fact]
    public async Task PageBackfillRoutes_AnotherTenantsKey_404AndNothingStarted()
    {
        await using var world = await MediaWorld.StartAsync(database, BackfillClient.Settings("340002"));
        SimulatedHistory.PopulatePage(world.Graph, "340002", posts: 20, attachments: 30, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), imageBytes: 2048, videoBytes: 4096);
        using var globex = world.Node.ClientWithKey(await world.KeyAsync("globex", Permissions.Manager));
        using var acme = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Manager));

        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsJsonAsync("/api/media/pages/340002/backfill", new { }, Ct)).StatusCode);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from backfills where account_id = '340002'"));
        Assert.Equal(HttpStatusCode.Accepted, (await acme.PostAsJsonAsync("/api/media/pages/340002/backfill", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/media/pages/340002/backfill", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsync("/api/media/pages/340002/backfill/cancel", null, Ct)).StatusCode);
        await BackfillClient.UntilAsync(database, "facebook:340002", "done");
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync("/api/media/pages/340002/backfill", Ct)).StatusCode);
    }

    [Fact]
    public async Task InstagramHistory_AccountOfAnotherTenant_404AndItsStatusHidden()
    {
        var settings = BackfillClient.Settings();
        settings["Silo:Tenants:acme:InstagramAccounts:0"] = "17841400555";
        await using var world = await MediaWorld.StartAsync(database, settings);
        SimulatedHistory.PopulateInstagram(world.Graph, "17841400555", 5, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), imageBytes: 2048, videoBytes: 4096);
        using var acme = world.Node.ClientWithKey(await world.KeyAsync("acme", Permissions.Manager));
        using var globex = world.Node.ClientWithKey(await world.KeyAsync("globex", Permissions.Manager));

        Assert.Equal(HttpStatusCode.Accepted, (await acme.PostAsJsonAsync("/api/media/instagram-accounts/17841400555/history", new { }, Ct)).StatusCode);
        var taken = await globex.PostAsJsonAsync("/api/media/instagram-accounts/17841400555/history", new { }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, taken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/media/instagram-accounts/17841400555/history", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsync("/api/media/instagram-accounts/17841400555/history/pause", null, Ct)).StatusCode);
        Assert.Equal("acme", await database.ScalarAsync<string>("select tenant from backfills where backfill_id = 'instagram:17841400555'"));
    }

}
