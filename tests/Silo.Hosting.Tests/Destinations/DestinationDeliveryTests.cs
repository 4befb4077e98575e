using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Simulators;
using Silo.Simulators.Receiver;
using Silo.Testing;

namespace Silo.Hosting.Tests.Destinations;

/// <summary>
/// A real node delivering to the receiver simulator on 127.0.0.1 (admitted by <c>Silo:Notifications:PrivateHosts</c>, as an
/// operator would admit an internal receiver); events come from the outbox's triggers on the alerts table.
/// </summary>
public sealed class DestinationDeliveryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Deliver_DestinationDownForAWhile_EveryEventAfterwardsInOrderOncePerId()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator();
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        await using var node = await StartNodeAsync(server);
        using var admin = node.AdminClient();
        var created = await CreateAsync(admin, "webhook", server.Url("receiver/hooks/down"), ["alert.raised", "alert.resolved"]);
        var id = created.GetProperty("destination").GetProperty("id").GetInt64();
        var start = created.GetProperty("destination").GetProperty("deliveredThrough").GetInt64();
        receiver.Secret = created.GetProperty("secret").GetString();
        receiver.SetFaults(f => f.Down = true);

        for (var i = 0; i < 6; i++)
            await database.ExecuteAsync("insert into alerts (kind, message, tenant) values (@k, @m, 'acme')", ("k", $"down-{i}"), ("m", $"alert {i}"));
        for (var i = 0; i < 6; i += 2)
            await database.ExecuteAsync("update alerts set resolved = true, resolved_at = now() where kind = @k", ("k", $"down-{i}"));
        // An event the destination did not subscribe to, among them.
        await database.ExecuteAsync("insert into notification_events (tenant, type, subject) values ('acme', 'crawl.done', 'unheard')");
        var expected = await database.EventIdsAsync(start, "alert.raised", "alert.resolved");
        Assert.Equal(9, expected.Count);

        // Down: the first event is tried again and again, and the log shows each failure with its next try.
        await Eventually.UntilAsync(() => receiver.Requests >= 3, "three attempts met the receiver down");
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}?limit=10", ct);
        var attempts = log.GetProperty("deliveries").EnumerateArray().ToList();
        Assert.NotEmpty(attempts);
        Assert.All(attempts, a =>
        {
            Assert.Equal("failed", a.GetProperty("outcome").GetString());
            Assert.Equal(expected[0], a.GetProperty("eventId").GetInt64());
            Assert.Equal(503, a.GetProperty("statusCode").GetInt32());
            Assert.Equal(JsonValueKind.String, a.GetProperty("nextTryAt").ValueKind);
        });
        Assert.True(log.GetProperty("destination").GetProperty("failedAttempts").GetInt32() >= 1);
        Assert.Empty(receiver.Received);

        receiver.SetFaults(f => f.Down = false);
        await Eventually.UntilAsync(async () => await database.DeliveredThroughAsync(id) == expected[^1], "every event delivered", TimeSpan.FromSeconds(60));

        var received = receiver.Received;
        Assert.Equal(expected, received.Select(r => long.Parse(r.EventId!)).ToList());
        Assert.All(received, r => Assert.True(r.SignatureValid, $"event {r.EventId}'s signature"));
        Assert.All(received, r => Assert.Equal(r.EventType, JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
        Assert.Equal("down-0", JsonDocument.Parse(received[0].Body).RootElement.GetProperty("subject").GetString());
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct);
        Assert.Equal(0, after.GetProperty("destination").GetProperty("failedAttempts").GetInt32());
        Assert.Equal("delivered", after.GetProperty("deliveries")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Deliver_FailingLongerThanDisableAfter_PausedWithAnAlertAndResumingDeliversWhatWaited()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator();
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        await using var node = await StartNodeAsync(server, disableAfter: "00:00:02");
        using var admin = node.AdminClient();
        var created = await CreateAsync(admin, "webhook", server.Url("receiver/hooks/paused"), ["post.error"]);
        var id = created.GetProperty("destination").GetProperty("id").GetInt64();
        var start = created.GetProperty("destination").GetProperty("deliveredThrough").GetInt64();
        receiver.Secret = created.GetProperty("secret").GetString();
        receiver.SetFaults(f => f.Down = true);
        for (var i = 0; i < 3; i++)
            await database.ExecuteAsync("insert into notification_events (tenant, type, subject) values ('acme', 'post.error', @s)", ("s", $"paused-{i}"));

        // Failing for longer than DisableAfter: paused, an alert raised, and nothing more tried.
        JsonElement paused = default;
        await Eventually.UntilAsync(async () =>
        {
            paused = (await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct)).GetProperty("destination");
            return paused.GetProperty("pausedAt").ValueKind == JsonValueKind.String;
        }, "the destination paused", TimeSpan.FromSeconds(30));
        Assert.True(paused.GetProperty("failingSince").GetDateTimeOffset() <= paused.GetProperty("pausedAt").GetDateTimeOffset().AddSeconds(-2));
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("nextTryAt").ValueKind);
        var last = (await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct)).GetProperty("deliveries")[0];
        Assert.Equal("HTTP 503 Service Unavailable Paused: failing without a break for too long.", last.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("nextTryAt").ValueKind);
        var alert = await database.ScalarAsync<string>("select message from alerts where kind = @k and not resolved", ("k", $"notification_paused:{id}"));
        Assert.StartsWith($"Notification destination \"webhook /receiver/hooks/paused\" ({id}) paused: failing since ", alert);
        // A new event wakes it, and three reminder periods pass (retries every 0.5 s would each be logged): nothing is tried.
        await database.ExecuteAsync("insert into notification_events (tenant, type, subject) values ('acme', 'post.error', 'paused-3')");
        var pausedAt = paused.GetProperty("pausedAt").GetDateTimeOffset();
        await Eventually.UntilAsync(() => database.ScalarAsync<bool>("select now() > @t", ("t", pausedAt.AddSeconds(3))),
            "three reminder periods after the pause", TimeSpan.FromSeconds(30));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from notification_deliveries where destination_id = @id and attempted_at > @t",
            ("id", id), ("t", pausedAt)));
        Assert.Empty(receiver.Received);
        var expected = await database.EventIdsAsync(start, "post.error");
        Assert.Equal(4, expected.Count);

        // Resumed once the receiver is back: everything that waited, in order, once each; the alert resolved.
        receiver.SetFaults(f => f.Down = false);
        var resumed = await admin.PostAsync($"/api/notifications/destinations/{id}/resume", null, ct);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await resumed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("pausedAt").ValueKind);
        await Eventually.UntilAsync(async () => await database.DeliveredThroughAsync(id) == expected[^1], "what waited delivered", TimeSpan.FromSeconds(30));
        Assert.Equal(expected, receiver.Received.Select(r => long.Parse(r.EventId!)).ToList());
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from alerts where kind = @k and not resolved", ("k", $"notification_paused:{id}")));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/notifications/destinations/999999999/resume", null, ct)).StatusCode);
    }

    [Fact]
    public async Task Deliver_ReceiverAnswers410Gone_PausedAtTheFirstAttemptWithTheReason()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator();
        receiver.SetFaults(f => f.Gone = true);
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        await using var node = await StartNodeAsync(server);
        using var admin = node.AdminClient();
        var created = await CreateAsync(admin, "webhook", server.Url("receiver/hooks/gone"), ["post.error"]);
        var id = created.GetProperty("destination").GetProperty("id").GetInt64();

        await database.ExecuteAsync("insert into notification_events (tenant, type, subject) values ('acme', 'post.error', 'gone-0')");

        // DisableAfter is three days: only the receiver's 410 can pause it now.
        await Eventually.UntilAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct))
            .GetProperty("destination").GetProperty("pausedAt").ValueKind == JsonValueKind.String, "the destination paused", TimeSpan.FromSeconds(30));
        Assert.Equal(1, receiver.Requests);
        var last = (await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct)).GetProperty("deliveries")[0];
        Assert.Equal(410, last.GetProperty("statusCode").GetInt32());
        Assert.Equal("HTTP 410 Gone Paused: the receiver answered 410 Gone: the hook no longer exists.", last.GetProperty("error").GetString());
        var alert = await database.ScalarAsync<string>("select message from alerts where kind = @k and not resolved", ("k", $"notification_paused:{id}"));
        Assert.StartsWith($"Notification destination \"webhook /receiver/hooks/gone\" ({id}) paused: answering 410 Gone since ", alert);
    }

    [Theory]
    [InlineData("no_service", 404)]
    [InlineData("invalid_token", 403)]
    [InlineData("channel_is_archived", 410)]
    public async Task Deliver_SlackRefusesTheWebhook_PausedAtTheFirstAttemptNamingSlacksError(string error, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator();
        receiver.SetFaults(f => f.SlackError = error);
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        await using var node = await StartNodeAsync(server);
        using var admin = node.AdminClient();
        var id = (await CreateAsync(admin, "slack", server.Url($"receiver/slack/{error}"), ["post.error"])).GetProperty("destination").GetProperty("id").GetInt64();

        await database.ExecuteAsync("insert into notification_events (tenant, type, subject) values ('acme', 'post.error', @s)", ("s", $"slack-{error}"));

        // DisableAfter is three days: only Slack's refusal can pause it now.
        await Eventually.UntilAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct))
            .GetProperty("destination").GetProperty("pausedAt").ValueKind == JsonValueKind.String, "the destination paused", TimeSpan.FromSeconds(30));
        Assert.Equal(1, receiver.Requests);
        var last = (await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct)).GetProperty("deliveries")[0];
        Assert.Equal(status, last.GetProperty("statusCode").GetInt32());
        Assert.Contains($": {error} Paused: Slack refused the webhook ({status} {error})", last.GetProperty("error").GetString());
        var alert = await database.ScalarAsync<string>("select message from alerts where kind = @k and not resolved", ("k", $"notification_paused:{id}"));
        Assert.Contains($"paused: Slack answering {status} {error} since ", alert);
    }

    [Fact]
    public async Task Deliver_SlackRejectsThePayload_RetriedNotPaused()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator();
        receiver.SetFaults(f => f.SlackError = "invalid_payload");
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        await using var node = await StartNodeAsync(server);
        using var admin = node.AdminClient();
        var id = (await CreateAsync(admin, "slack", server.Url("receiver/slack/payload"), ["post.error"])).GetProperty("destination").GetProperty("id").GetInt64();

        await database.ExecuteAsync("insert into notification_events (tenant, type, subject) values ('acme', 'post.error', 'slack-payload')");

        // A payload Slack cannot use is Silo's to fix, not the hook's end: it waits for DisableAfter as any failure does.
        await Eventually.UntilAsync(() => receiver.Requests >= 2, "a second attempt", TimeSpan.FromSeconds(30));
        var shown = await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct);
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("destination").GetProperty("pausedAt").ValueKind);
        Assert.Equal("HTTP 400 Bad Request: invalid_payload", shown.GetProperty("deliveries")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Deliver_TwoTenantsDestinations_EachHearsItsOwnAndTheClustersEventsOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator();
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        await using var node = await StartNodeAsync(server);
        var keys = node.Services.GetRequiredService<ApiKeyStore>();
        using var acme = node.ClientWithKey((await keys.CreateAsync("acme-manager", "acme", [Permissions.Manager], ct)).Secret);
        using var globex = node.ClientWithKey((await keys.CreateAsync("globex-manager", "globex", [Permissions.Manager], ct)).Secret);
        var acmeId = (await CreateAsync(acme, "webhook", server.Url("receiver/hooks/acme"), ["alert.raised"])).GetProperty("destination").GetProperty("id").GetInt64();
        var globexId = (await CreateAsync(globex, "webhook", server.Url("receiver/hooks/globex"), ["alert.raised"])).GetProperty("destination").GetProperty("id").GetInt64();

        await database.ExecuteAsync("""
            insert into alerts (kind, message, tenant) values ('fan-acme', 'm', 'acme'), ('fan-globex', 'm', 'globex'), ('fan-cluster', 'm', '*');
            """);
        var last = await database.ScalarAsync<long>("select max(id) from notification_events");
        await Eventually.UntilAsync(async () => await database.DeliveredThroughAsync(acmeId) == last && await database.DeliveredThroughAsync(globexId) == last,
            "both destinations caught up");

        string[] Heard(string path) => [.. receiver.Received.Where(r => r.Path.EndsWith(path, StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("subject").GetString()!)];
        Assert.Equal(["fan-acme", "fan-cluster"], Heard("/acme"));
        Assert.Equal(["fan-globex", "fan-cluster"], Heard("/globex"));
        // Each tenant's key sees only its own destination.
        var listed = await acme.GetFromJsonAsync<JsonElement>("/api/notifications/destinations", ct);
        Assert.Equal([acmeId], listed.EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
        Assert.Equal("acme", listed[0].GetProperty("tenant").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"/api/notifications/destinations/{globexId}", ct)).StatusCode);
    }

    [Fact]
    public async Task SendTest_SlackDestination_ReceivesTheTestLineAndTheLogSaysDelivered()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator();
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        await using var node = await StartNodeAsync(server);
        using var admin = node.AdminClient();
        var created = await CreateAsync(admin, "slack", server.Url("receiver/slack/team"), ["post.error"]);
        var id = created.GetProperty("destination").GetProperty("id").GetInt64();
        Assert.Equal(JsonValueKind.Null, created.GetProperty("secret").ValueKind);

        var test = await admin.PostAsync($"/api/notifications/destinations/{id}/test", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var eventId = (await test.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("eventId").GetInt64();

        await Eventually.UntilAsync(() => receiver.Received.Count == 1, "the test event arrived");
        Assert.Equal("Silo (*) · Test event: destination:" + id, receiver.Received[0].Text);
        await Eventually.UntilAsync(async () => await database.DeliveredThroughAsync(id) == eventId, "its delivery recorded");
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct);
        Assert.Equal("delivered", detail.GetProperty("deliveries")[0].GetProperty("outcome").GetString());
        Assert.Equal("test", detail.GetProperty("deliveries")[0].GetProperty("eventType").GetString());
    }

    [Theory]
    [InlineData("http://10.0.0.1/hook", "a private network address")]
    [InlineData("http://127.0.0.1:9/hook", "a loopback address")]
    public async Task Create_PrivateAddressNotAllowed_400NamingTheUrl(string url, string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var node = await TestNode.StartAsync(database.ConnectionString);
        using var admin = node.AdminClient();

        var response = await admin.PostAsJsonAsync("/api/notifications/destinations", new { name = "inside", url, events = new[] { "post.error" } }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains(kind, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from notification_destinations where name = 'inside'"));
    }

    [Fact]
    public async Task Delete_Destination_ItsReminderGoes()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator();
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        await using var node = await StartNodeAsync(server);
        using var admin = node.AdminClient();
        var id = (await CreateAsync(admin, "webhook", server.Url("receiver/hooks/gone"), ["post.error"])).GetProperty("destination").GetProperty("id").GetInt64();
        await Eventually.UntilAsync(async () => await RemindersAsync(id) == 1, "its standing reminder registered");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/notifications/destinations/{id}", ct)).StatusCode);

        await Eventually.UntilAsync(async () => await RemindersAsync(id) == 0, "its reminder removed");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/notifications/destinations/{id}", ct)).StatusCode);
    }

    private Task<TestNode> StartNodeAsync(SimulatorServer server, string disableAfter = "3.00:00:00") => TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?>
    {
        ["Silo:Notifications:PrivateHosts:0"] = $"127.0.0.1:{server.Address.Port}",
        ["Silo:Notifications:RetryBaseDelay"] = "00:00:00.200",
        ["Silo:Notifications:RetryMaxDelay"] = "00:00:00.500",
        ["Silo:Notifications:ReminderPeriod"] = "00:00:01",
        ["Silo:Notifications:DisableAfter"] = disableAfter,
    });

    private static async Task<JsonElement> CreateAsync(HttpClient admin, string kind, Uri url, string[] events)
    {
        var response = await admin.PostAsJsonAsync("/api/notifications/destinations", new { name = $"{kind} {url.AbsolutePath}", kind, url, events },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    // Orleans writes an integer key in hexadecimal; the decimal form is checked too, so a change of format cannot pass as "none".
    private Task<long> RemindersAsync(long id) =>
        database.ScalarAsync<long>("select count(*) from orleans_reminders where reminder_name = 'delivery' and lower(grain_id) in (@hex, @dec)",
            ("hex", $"destination/{id:x}"), ("dec", $"destination/{id}"));
}
