using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Intake;

/// <summary>
/// The post intake behind the Meta webhook: a 200 means the change is committed, readable at once as a pending post,
/// handed to its grain in order, and deliveries arriving together share one commit.
/// </summary>
public sealed partial class IntakeTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receive_ReadRightAfterTheAcknowledgement_FoundPendingForItsTenantOnly()
    {
        await using var world = await MediaWorld.StartAsync(database);
        world.Cdn.AddFile("i901.png", TestMedia.Png(8, 8, 2000, seed: 901), "image/png");
        using var acme = world.Node.ClientWithKey(await world.KeyAsync("acme"));
        using var globex = world.Node.ClientWithKey(await world.KeyAsync("globex"));

        HttpResponseMessage response;
        await using (await PostWritesHeld.HoldAsync(database))
        {
            response = await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_901", "Just in", world.Cdn.SignedUrl("i901.png"))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // Its grain cannot store it while post writes are held: only the intake has it.
            Assert.Equal(1L, await world.InIntakeAsync("fb:100200_901"));
            var post = await acme.GetFromJsonAsync<JsonElement>("/api/posts/fb:100200_901", Ct);
            Assert.Equal(("pending", "Just in", "acme"), (post.GetProperty("status").GetString(), post.GetProperty("message").GetString(),
                post.GetProperty("tenant").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/api/posts/fb:100200_901", Ct)).StatusCode);
        }
        var received = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((1, 0), (received.GetProperty("received").GetInt32(), received.GetProperty("ignored").GetInt32()));

        await world.UntilStatusAsync("fb:100200_901", "success");
        await world.UntilPickedUpAsync("fb:100200_901");
        Assert.Equal("success", (await acme.GetFromJsonAsync<JsonElement>("/api/posts/fb:100200_901", Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Receive_RedeliveriesAndAnEditWaitingTogether_OnePostWithTheNewestFieldsArchivedOnce()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(8, 8, 2000, seed: 902);
        world.Cdn.AddFile("i902.png", png, "image/png");
        var link = world.Cdn.SignedUrl("i902.png");
        var added = PageFeed("100200", new FeedValue("photo", "100200_902", "First words", link));
        var edited = PageFeed("100200", new FeedValue("photo", "100200_902", "Second thoughts", link, Verb: "edited"));

        // All four are acknowledged while none can be stored, so the shard finds them together and must keep their order.
        await using (await PostWritesHeld.HoldAsync(database))
        {
            foreach (var body in new[] { added, added, edited, edited })
                Assert.Equal(HttpStatusCode.OK, (await world.SendWebhookAsync(body)).StatusCode);
            Assert.Equal(4L, await world.InIntakeAsync("fb:100200_902"));
        }
        await world.UntilStatusAsync("fb:100200_902", "success");
        await world.UntilPickedUpAsync("fb:100200_902");
        // The edit redelivered after it is stored is a duplicate: nothing is written or downloaded again.
        Assert.Equal(HttpStatusCode.OK, (await world.SendWebhookAsync(edited)).StatusCode);
        await world.UntilPickedUpAsync("fb:100200_902");

        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from posts where post_id = 'fb:100200_902'"));
        Assert.Equal("Second thoughts", await database.ScalarAsync<string>("select message from posts where post_id = 'fb:100200_902'"));
        Assert.Equal(1, world.Cdn.RequestCount("i902.png"));
        Assert.Equal(1, await database.ScalarAsync<int>("select attempts from posts where post_id = 'fb:100200_902'"));
        Assert.Equal(1, await database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", TestMedia.Sha256(png))));
    }

    [Fact]
    public async Task Receive_OlderChangeDeliveredAfterANewerOne_NewestFieldsKept()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(8, 8, 2000, seed: 904);
        world.Cdn.AddFile("i904.png", png, "image/png");
        var link = world.Cdn.SignedUrl("i904.png");
        var made = DefaultTime;
        var added = PageFeedAt("100200", made, new FeedValue("photo", "100200_904", "First words", link));
        var edited = PageFeedAt("100200", made.AddMinutes(1), new FeedValue("photo", "100200_904", "Second thoughts", link, Verb: "edited"));

        // The edit arrives first; the post's creation, retried by Meta, after it.
        Assert.Equal(HttpStatusCode.OK, (await world.SendWebhookAsync(edited)).StatusCode);
        await world.UntilPickedUpAsync("fb:100200_904");
        Assert.Equal(HttpStatusCode.OK, (await world.SendWebhookAsync(added)).StatusCode);
        await world.UntilPickedUpAsync("fb:100200_904");
        await world.UntilStatusAsync("fb:100200_904", "success");

        Assert.Equal("Second thoughts", await database.ScalarAsync<string>("select message from posts where post_id = 'fb:100200_904'"));
        Assert.Equal(made.AddMinutes(1).UtcDateTime, await database.ScalarAsync<DateTime>("select changed_at from posts where post_id = 'fb:100200_904'"));
        Assert.Equal(1, world.Cdn.RequestCount("i904.png"));
    }

    [Fact]
    public async Task Receive_ManyDeliveriesAtOnce_FewerCommitsThanDeliveries()
    {
        const int Deliveries = 40;
        await using var world = await MediaWorld.StartAsync(database);
        using var admin = world.Node.AdminClient();
        var (commitsBefore, rowsBefore) = (await CounterAsync(admin, "silo_intake_commits_total"), await CounterAsync(admin, "silo_intake_rows_total"));

        // Stories (no message): stored and skipped by their grains, nothing to download.
        var answers = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(i =>
            world.Node.Http.SendAsync(MediaWorld.Webhook(PageFeed("100200", new FeedValue("photo", $"100200_93{i:00}", null, "https://example.invalid/x.png"))), Ct)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var (commits, rows) = (await CounterAsync(admin, "silo_intake_commits_total") - commitsBefore, await CounterAsync(admin, "silo_intake_rows_total") - rowsBefore);
        Assert.Equal(Deliveries, rows);
        Assert.InRange(commits, 1, Deliveries - 1);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from posts where post_id like 'fb:100200\\_93%' and status = 'skipped'") == Deliveries, "every story is stored");
    }

    /// <summary>A cumulative counter from <c>/metrics</c>, summed over its series (0 before its first sample).</summary>
    private static async Task<long> CounterAsync(HttpClient client, string name)
    {
        var text = await client.GetStringAsync("/metrics", Ct);
        return Sample().Matches(text).Where(m => m.Groups["name"].Value == name)
            .Sum(m => (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>[0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

}
