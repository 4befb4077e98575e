using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Endpoints;

public sealed class WebhookEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_RightToken_EchoesChallenge()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var response = await world.Node.Http.GetAsync($"/webhooks/meta?hub.mode=subscribe&hub.verify_token={MediaWorld.VerifyToken}&hub.challenge=1158201444", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Verify_WrongToken_Forbidden()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var response = await world.Node.Http.GetAsync("/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000", HttpStatusCode.Forbidden)]
    [InlineData("sha1=abc", HttpStatusCode.Forbidden)]
    public async Task Receive_MissingOrWrongSignature_RefusedAndNothingStored(string? signature, HttpStatusCode expected)
    {
        await using var world = await MediaWorld.StartAsync(database);
        var body = PageFeed("100200", new FeedValue("photo", "100200_301", "Sig", "http://127.0.0.1:1/x.png"));

        var response = await world.SendWebhookAsync(body, signature);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from posts where post_id = 'fb:100200_301'"));
    }

    [Fact]
    public async Task Receive_SignatureOfOtherBytes_Refused()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var body = PageFeed("100200", new FeedValue("photo", "100200_302", "Sig", "http://127.0.0.1:1/x.png"));
        var signedOther = Sign(body + " ", MediaWorld.AppSecret);

        var response = await world.SendWebhookAsync(body, signedOther);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from posts where post_id = 'fb:100200_302'"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"object\":\"page\"}")]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":\"100200\",\"changes\":[{\"field\":\"feed\",\"value\":{\"item\":\"photo\",\"verb\":\"add\"}}]}]}")]
    public async Task Receive_Unparseable_BadRequestAndNothingStored(string body)
    {
        await using var world = await MediaWorld.StartAsync(database);
        var before = await database.ScalarAsync<long>("select count(*) from posts");

        var response = await world.SendWebhookAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await database.ScalarAsync<long>("select count(*) from posts"));
    }

    [Fact]
    public async Task Receive_UnknownChangeTypes_KnownOnesKept()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("w303.png", TestMedia.Png(4, 4, 1500, seed: 303), "image/png");
        var body = PageChanges("100200",
            ("feed", new { item = "photo", verb = "add", post_id = "100200_303", message = "kept", link = world.Cdn.SignedUrl("w303.png") }),
            ("feed", new { item = "reaction", verb = "add", post_id = "100200_303", reaction_type = "like" }),
            ("ratings", new { review_text = "great" }));

        var response = await world.SendWebhookAsync(body);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 2), (result.GetProperty("received").GetInt32(), result.GetProperty("ignored").GetInt32()));
        await world.UntilStatusAsync("fb:100200_303", "success");
    }

    [Fact]
    public async Task Receive_IntakeInsertFails_ServiceUnavailableAndNothingOfTheDeliveryStored()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("w304.png", TestMedia.Png(4, 4, 1500, seed: 304), "image/png");
        world.Cdn.AddFile("w305.png", TestMedia.Png(4, 4, 1500, seed: 305), "image/png");
        var body = PageFeed("100200",
            new FeedValue("photo", "100200_304", "stored", world.Cdn.SignedUrl("w304.png")),
            new FeedValue("photo", "100200_305", "refused", world.Cdn.SignedUrl("w305.png")));
        // The database refuses one of the delivery's intake rows, as a failing insert would.
        await database.ExecuteAsync("""
            create function refuse_305() returns trigger language plpgsql as $$
            begin if new.post_id = 'fb:100200_305' then raise exception 'refused for the test'; end if; return new; end $$;
            create trigger refuse_305 before insert on post_intake for each row execute function refuse_305();
            """);

        var refused = await world.SendWebhookAsync(body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        // One statement: the row the database accepted went with the one it refused.
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from post_intake where post_id in ('fb:100200_304', 'fb:100200_305')"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from posts where post_id in ('fb:100200_304', 'fb:100200_305')"));
        await database.ExecuteAsync("drop trigger refuse_305 on post_intake");

        var redelivered = await world.SendWebhookAsync(body);

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        await world.UntilStatusAsync("fb:100200_304", "success");
        await world.UntilStatusAsync("fb:100200_305", "success");
        Assert.Equal((1, 1), (world.Cdn.RequestCount("w304.png"), world.Cdn.RequestCount("w305.png")));
    }

    [Fact]
    public async Task Receive_GrainCannotStoreAPost_AcknowledgedAndTriedAgainUntilStored()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("w307.png", TestMedia.Png(4, 4, 1500, seed: 307), "image/png");
        world.Cdn.AddFile("w308.png", TestMedia.Png(4, 4, 1500, seed: 308), "image/png");
        var body = PageFeed("100200",
            new FeedValue("photo", "100200_307", "stored", world.Cdn.SignedUrl("w307.png")),
            new FeedValue("photo", "100200_308", "refused for now", world.Cdn.SignedUrl("w308.png")));
        // The database refuses one post's row, as a failing grain write would.
        await database.ExecuteAsync("""
            create function refuse_308() returns trigger language plpgsql as $$
            begin if new.post_id = 'fb:100200_308' then raise exception 'refused for the test'; end if; return new; end $$;
            create trigger refuse_308 before insert or update on posts for each row execute function refuse_308();
            """);

        var response = await world.SendWebhookAsync(body);

        // The 200 means committed to the intake; the refused post waits there, with its tries counted, and holds up no other post.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.UntilStatusAsync("fb:100200_307", "success");
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from post_intake where post_id = 'fb:100200_308' and attempts >= 1 and last_error like '%refused for the test%'") == 1,
            "the refused post's try is recorded");
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from posts where post_id = 'fb:100200_308'"));
        await database.ExecuteAsync("drop trigger refuse_308 on posts");

        await world.UntilStatusAsync("fb:100200_308", "success");
        await world.UntilPickedUpAsync("fb:100200_308");
        Assert.Equal((1, 1), (world.Cdn.RequestCount("w307.png"), world.Cdn.RequestCount("w308.png")));
    }

    [Fact]
    public async Task Receive_DownloadStalled_AnsweredBeforeTheDownloadEnds()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("w306.png", TestMedia.Png(4, 4, 400_000, seed: 306), "image/png");
        world.Cdn.Faults.StallBodyAfterBytes = 100_000;
        try
        {
            var response = await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_306", "slow", world.Cdn.SignedUrl("w306.png"))));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Eventually.UntilAsync(() => world.Cdn.StalledBodies == 1, "the download is stalled");
            Assert.Equal("downloading", await world.StatusAsync("fb:100200_306"));
            Assert.Equal(1L, await ReminderCountAsync("fb:100200_306")); // the backstop, should this node die now
        }
        finally { world.Cdn.Faults.StallBodyAfterBytes = 0; }
        await world.UntilStatusAsync("fb:100200_306", "success");
        await Eventually.UntilAsync(async () => await ReminderCountAsync("fb:100200_306") == 0, "the post's reminder is removed");
    }

    private Task<long> ReminderCountAsync(string postId) =>
        database.ScalarAsync<long>("select count(*) from orleans_reminders where grain_id = @g", ("g", $"post/{postId}"));
}
