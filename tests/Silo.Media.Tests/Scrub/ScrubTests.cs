using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaGraph;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Scrub;

/// <summary>
/// The integrity scrub against each real store (a folder, s3rver, azurite): a corrupted object found and fetched again, a
/// missing one whose stored link has expired refreshed through the Graph API and fetched again, a stray object listed; and a
/// file that cannot be fetched again left unrepaired, its tenant alerted, its findings seen by that tenant alone.
/// </summary>
public sealed class ScrubTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Scrub_CorruptedMissingAndStrayObjects_RepairedRefetchedThroughGraphAndListed(string backend)
    {
        await using var world = await ScrubWorld.StartAsync(backend);
        var media = world.Media;
        var kept = TestMedia.Png(30, 30, 3000, seed: 901);
        var lost = TestMedia.Png(31, 31, 3000, seed: 902);
        var intact = TestMedia.Png(32, 32, 3000, seed: 903);
        media.Cdn.AddFile("s901.png", kept, "image/png");
        media.Cdn.AddFile("s902.png", lost, "image/png");
        media.Cdn.AddFile("s903.png", intact, "image/png");
        // The lost file's post is first read with an expired link, so its items carry the Graph API's slots.
        media.Graph.AddPagePost(new GraphFacebookPost("100200_902", "Lost", FullPicture: "s902.png"));
        await media.SendWebhookAsync(PageFeed("100200",
            new FeedValue("photo", "100200_901", "Kept", media.Cdn.SignedUrl("s901.png")),
            new FeedValue("photo", "100200_902", "Lost", media.Cdn.SignedUrl("s902.png", DateTimeOffset.UtcNow.AddMinutes(-5))),
            new FeedValue("photo", "100200_903", "Intact", media.Cdn.SignedUrl("s903.png"))));
        foreach (var id in new[] { "fb:100200_901", "fb:100200_902", "fb:100200_903" }) await media.UntilStatusAsync(id, "success");
        var (corruptedKey, missingKey) = (await world.StorageKeyAsync("fb:100200_901"), await world.StorageKeyAsync("fb:100200_902"));

        await world.PutAsync(corruptedKey, [1, 2, 3, 4]);
        await world.Store.DeleteAsync(missingKey, Ct);
        await world.PutAsync("strays/left-behind.bin", new byte[123]);
        // An export's parts are its row's while it is kept; a part no kept export owns is a stray like any other.
        var (keptExport, goneExport) = (new string('a', 32), new string('b', 32));
        await media.Database.ExecuteAsync("""
            insert into media_exports (export_id, tenant, requested_by, status, started_at, finished_at, version)
            values (@kept, 'acme', 'test', 'done', now(), now(), 1), (@gone, 'acme', 'test', 'expired', now(), now(), 1)
            """, ("kept", keptExport), ("gone", goneExport));
        await world.PutAsync($"exports/{keptExport}/000001.tar", new byte[512]);
        await world.PutAsync($"exports/{goneExport}/000001.tar", new byte[512]);
        // The lost file's stored link has expired since: only the Graph API can give a fresh one.
        await media.Database.ExecuteAsync("update post_media set original_url = @u where post_id = 'fb:100200_902'",
            ("u", media.Cdn.SignedUrl("s902.png", DateTimeOffset.UtcNow.AddMinutes(-1))));
        var graphReads = media.Graph.Reads("100200_902");

        var run = await world.ScrubAsync();

        Assert.Equal(("done", 3, 1, 1, 0, 2, 2, 0), (run.GetProperty("status").GetString(), run.GetProperty("filesChecked").GetInt32(),
            run.GetProperty("missing").GetInt32(), run.GetProperty("corrupted").GetInt32(), run.GetProperty("dangling").GetInt32(),
            run.GetProperty("orphaned").GetInt32(), run.GetProperty("repaired").GetInt32(), run.GetProperty("unrepaired").GetInt32()));
        Assert.Equal(6, run.GetProperty("objectsListed").GetInt32());
        using var admin = media.Node.AdminClient();
        Assert.Equal([("corrupted", corruptedKey, "repaired"), ("missing", missingKey, "repaired"),
                ("orphaned", $"exports/{goneExport}/000001.tar", "listed"), ("orphaned", "strays/left-behind.bin", "listed")],
            await ScrubWorld.FindingsAsync(admin, run.GetProperty("run").GetInt32()));
        Assert.Equal(kept, await world.ReadAsync(corruptedKey));
        Assert.Equal(lost, await world.ReadAsync(missingKey));
        Assert.Equal(graphReads + 1, media.Graph.Reads("100200_902"));
    }

    [Fact]
    public async Task Scrub_MissingFileWhoseLinkIsGone_UnrepairedAlertedAndSeenByItsTenantAlone()
    {
        await using var world = await ScrubWorld.StartAsync("filesystem");
        var media = world.Media;
        media.Cdn.AddFile("s911.png", TestMedia.Png(33, 33, 3000, seed: 911), "image/png");
        await media.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_911", "Gone", media.Cdn.SignedUrl("s911.png"))));
        await media.UntilStatusAsync("fb:100200_911", "success");
        var key = await world.StorageKeyAsync("fb:100200_911");
        await world.Store.DeleteAsync(key, Ct);
        await world.PutAsync("strays/other.bin", new byte[7]);
        // The CDN no longer serves what the link names.
        await media.Database.ExecuteAsync("update post_media set original_url = @u where post_id = 'fb:100200_911'",
            ("u", media.Cdn.SignedUrl("no-longer-there.png")));

        var run = await world.ScrubAsync();
        var number = run.GetProperty("run").GetInt32();

        Assert.Equal((1, 0, 1), (run.GetProperty("missing").GetInt32(), run.GetProperty("repaired").GetInt32(), run.GetProperty("unrepaired").GetInt32()));
        Assert.Null(await world.ReadAsync(key));
        Assert.Equal(1L, await media.Database.ScalarAsync<long>(
            "select count(*) from alerts where kind = 'scrub_unrepaired:acme' and tenant = 'acme' and not resolved"));
        using var acme = media.Node.ClientWithKey(await media.KeyAsync("acme"));
        Assert.Equal([("missing", key, "unrepaired")], await ScrubWorld.FindingsAsync(acme, number));
        var finding = (await acme.GetFromJsonAsync<JsonElement>($"/api/media/scrubs/{number}/findings", Ct))[0];
        Assert.Equal(["fb:100200_911"], finding.GetProperty("postIds").EnumerateArray().Select(p => p.GetString()));
        var acmeRun = (await acme.GetFromJsonAsync<JsonElement>("/api/media/scrubs", Ct))[0];
        Assert.Equal((1, 0), (acmeRun.GetProperty("missing").GetInt32(), acmeRun.GetProperty("orphaned").GetInt32()));
        using var globex = media.Node.ClientWithKey(await media.KeyAsync("globex"));
        Assert.Empty(await ScrubWorld.FindingsAsync(globex, number));
        using var acmeAdmin = media.Node.ClientWithKey(await media.KeyAsync("acme", Permissions.Admin));
        var refused = await acmeAdmin.PostAsync("/api/media/scrubs", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var admin = media.Node.AdminClient();
        var badKind = await admin.GetAsync($"/api/media/scrubs/{number}/findings?kind=lost", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Contains("kind", await badKind.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/media/scrubs/99/findings", Ct)).StatusCode);
    }
}
