using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Simulators.Smtp;
using Silo.Testing;

namespace Silo.Hosting.Tests.Destinations;

/// <summary>
/// A real node sending with MailKit to the SMTP relay simulator on 127.0.0.1 (the relay configured by
/// <c>Silo:Notifications:Smtp</c>, with a user name and password, no TLS); events come from the outbox's triggers on the
/// alerts table, as for the other kinds.
/// </summary>
public sealed class EmailDeliveryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Deliver_RelayDownForAWhile_EveryEventAfterwardsInOrderOncePerId()
    {
        var ct = TestContext.Current.CancellationToken;
        var mail = new SmtpSimulator { Credentials = ("silo", "relay-password") };
        await using var relay = SmtpRelayListener.Start(mail);
        await using var node = await StartNodeAsync(relay);
        using var admin = node.AdminClient();
        var created = await CreateAsync(admin, ["ops@example.com", "oncall@example.com"], ["alert.raised", "alert.resolved"]);
        var id = created.GetProperty("id").GetInt64();
        var start = created.GetProperty("deliveredThrough").GetInt64();
        Assert.Equal("mailto:ops@example.com,oncall@example.com", created.GetProperty("url").GetString());
        mail.SetFaults(f => f.Down = true);

        for (var i = 0; i < 4; i++)
            await database.ExecuteAsync("insert into alerts (kind, message, tenant) values (@k, @m, 'acme')", ("k", $"mail-{i}"), ("m", $"alert {i}"));
        await database.ExecuteAsync("update alerts set resolved = true, resolved_at = now() where kind = 'mail-1'");
        await database.ExecuteAsync("insert into notification_events (tenant, type, subject) values ('acme', 'crawl.done', 'unheard')");
        var expected = await database.EventIdsAsync(start, "alert.raised", "alert.resolved");
        Assert.Equal(5, expected.Count);

        // Down: every try is greeted 421, and the log says the relay asked to be tried later.
        await Eventually.UntilAsync(() => mail.Connections >= 3, "three attempts met the relay down");
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}?limit=10", ct);
        var attempts = log.GetProperty("deliveries").EnumerateArray().ToList();
        Assert.NotEmpty(attempts);
        Assert.All(attempts, a =>
        {
            Assert.Equal("failed", a.GetProperty("outcome").GetString());
            Assert.Equal(expected[0], a.GetProperty("eventId").GetInt64());
            Assert.Equal(421, a.GetProperty("statusCode").GetInt32());
            Assert.StartsWith("Deferred: the relay asks to be tried later (421", a.GetProperty("error").GetString());
        });
        Assert.Empty(mail.Received);

        // Back, and busy once more (451 at the end of the data): that message is sent again, and nothing is lost.
        mail.SetFaults(f => (f.Down, f.Defer) = (false, 1));
        await Eventually.UntilAsync(async () => await database.DeliveredThroughAsync(id) == expected[^1], "every event delivered", TimeSpan.FromSeconds(60));

        var received = mail.Received;
        Assert.Equal(expected, received.Select(m => long.Parse(m.EventId!)).ToList());
        Assert.Equal(expected.Select(e => $"silo-event-{e}.destination-{id}@example.com"), received.Select(m => m.MessageId));
        Assert.All(received, m =>
        {
            Assert.Equal(["ops@example.com", "oncall@example.com"], m.To);
            Assert.Equal("silo@example.com", m.From);
            Assert.Equal("silo", m.User);
        });
        Assert.Equal("[Silo acme] Alert raised: mail-0", received[0].Subject);
        Assert.Contains("Tenant:  acme", received[0].Text);
        Assert.Contains("Detail:  alert 0", received[0].Text);
        Assert.Equal("[Silo acme] Alert resolved: mail-1", received[^1].Subject);
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}?limit=50", ct);
        Assert.Equal(0, after.GetProperty("destination").GetProperty("failedAttempts").GetInt32());
        Assert.Contains(after.GetProperty("deliveries").EnumerateArray(), a => a.GetProperty("statusCode").GetInt32() == 451);
        Assert.Equal("delivered", after.GetProperty("deliveries")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Deliver_UnknownMailbox_TheLogSaysRefusedPermanentlyAndTheEventWaits()
    {
        var ct = TestContext.Current.CancellationToken;
        var mail = new SmtpSimulator { Credentials = ("silo", "relay-password") };
        mail.SetFaults(f => f.UnknownMailboxes = ["nobody@example.com"]);
        await using var relay = SmtpRelayListener.Start(mail);
        await using var node = await StartNodeAsync(relay);
        using var admin = node.AdminClient();
        var created = await CreateAsync(admin, ["nobody@example.com"], ["alert.raised"]);
        var id = created.GetProperty("id").GetInt64();
        var start = created.GetProperty("deliveredThrough").GetInt64();

        await database.ExecuteAsync("insert into alerts (kind, message, tenant) values ('unknown-mailbox', 'm', 'acme')");

        JsonElement log = default;
        await Eventually.UntilAsync(async () =>
        {
            log = await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct);
            return log.GetProperty("deliveries").GetArrayLength() > 0;
        }, "the first attempt logged");
        var attempt = log.GetProperty("deliveries")[0];
        Assert.Equal("refused", attempt.GetProperty("outcome").GetString());
        Assert.Equal(550, attempt.GetProperty("statusCode").GetInt32());
        var error = attempt.GetProperty("error").GetString()!;
        Assert.StartsWith("Refused permanently: the relay will not take the recipient nobody@example.com (550 ", error);
        Assert.Contains("mailbox unknown", error);
        Assert.Contains("Trying again will not help until the address or the relay is fixed", error);
        Assert.Empty(mail.Received);
        Assert.Equal(start, await database.DeliveredThroughAsync(id));
    }

    [Fact]
    public async Task SendTest_RelayHangsOnce_TheTestMessageArrivesAgainWithTheSameMessageId()
    {
        var ct = TestContext.Current.CancellationToken;
        var mail = new SmtpSimulator { Credentials = ("silo", "relay-password") };
        mail.SetFaults(f => f.HangAfterData = 1);
        await using var relay = SmtpRelayListener.Start(mail);
        await using var node = await StartNodeAsync(relay, ("Silo:Notifications:RequestTimeout", "00:00:01"));
        using var admin = node.AdminClient();
        var id = (await CreateAsync(admin, ["ops@example.com"], ["post.error"])).GetProperty("id").GetInt64();

        var test = await admin.PostAsync($"/api/notifications/destinations/{id}/test", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var eventId = (await test.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("eventId").GetInt64();

        await Eventually.UntilAsync(async () => await database.DeliveredThroughAsync(id) == eventId, "the test event delivered", TimeSpan.FromSeconds(30));
        // The relay kept the first copy without answering: Silo could not know, so it sent it again, recognisably the same.
        var received = mail.Received;
        Assert.Equal(2, received.Count);
        Assert.All(received, m =>
        {
            Assert.Equal($"silo-event-{eventId}.destination-{id}@example.com", m.MessageId);
            Assert.Equal(eventId.ToString(), m.EventId);
            Assert.Equal($"[Silo *] Test event: destination:{id}", m.Subject);
        });
        var deliveries = (await admin.GetFromJsonAsync<JsonElement>($"/api/notifications/destinations/{id}", ct)).GetProperty("deliveries");
        Assert.Equal("delivered", deliveries[0].GetProperty("outcome").GetString());
        Assert.Equal("test", deliveries[0].GetProperty("eventType").GetString());
        Assert.Equal("failed", deliveries[1].GetProperty("outcome").GetString());
        Assert.Equal("The relay gave no answer within 1 s.", deliveries[1].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Create_NoRelayConfigured_409SayingSoAndTheKindIsUnavailable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var node = await TestNode.StartAsync(database.ConnectionString);
        using var admin = node.AdminClient();

        var response = await admin.PostAsJsonAsync("/api/notifications/destinations",
            new { name = "no relay", kind = "email", addresses = new[] { "ops@example.com" }, events = new[] { "post.error" } }, ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("Email is not available", problem.GetProperty("title").GetString());
        Assert.Contains("No SMTP relay is configured", problem.GetProperty("detail").GetString());
        Assert.Contains("Silo:Notifications:Smtp:Host", problem.GetProperty("detail").GetString());
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from notification_destinations where name = 'no relay'"));
        var kinds = await admin.GetFromJsonAsync<JsonElement>("/api/notifications/destination-kinds", ct);
        var email = kinds.EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "email");
        Assert.False(email.GetProperty("available").GetBoolean());
        Assert.Contains("No SMTP relay is configured", email.GetProperty("reason").GetString());
        Assert.True(kinds.EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "webhook").GetProperty("available").GetBoolean());
    }

    [Theory]
    [InlineData(new string[0], "name at least one email address.")]
    [InlineData(new[] { "Ops <ops@example.com>" }, "not a plain email address (name@domain): Ops <ops@example.com>.")]
    [InlineData(new[] { "ops@example.com,evil@example.net" }, "not a plain email address (name@domain): ops@example.com,evil@example.net.")]
    [InlineData(new[] { "no-at-sign" }, "not a plain email address (name@domain): no-at-sign.")]
    public async Task Create_BadAddresses_400NamingThem(string[] addresses, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var mail = new SmtpSimulator();
        await using var relay = SmtpRelayListener.Start(mail);
        await using var node = await StartNodeAsync(relay);
        using var admin = node.AdminClient();

        var response = await admin.PostAsJsonAsync("/api/notifications/destinations",
            new { name = "bad", kind = "email", addresses, events = new[] { "post.error" } }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(message, problem.GetProperty("errors").GetProperty("addresses")[0].GetString());
        var kinds = await admin.GetFromJsonAsync<JsonElement>("/api/notifications/destination-kinds", ct);
        Assert.True(kinds.EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "email").GetProperty("available").GetBoolean());
    }

    // The relay is the node's, not the destination's: an earlier test's destination would send to this test's relay.
    private async Task<TestNode> StartNodeAsync(SmtpRelayListener relay, params (string Key, string Value)[] more)
    {
        await database.ExecuteAsync("delete from notification_destinations");
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Notifications:Smtp:Host"] = relay.Host,
            ["Silo:Notifications:Smtp:Port"] = relay.Port.ToString(),
            ["Silo:Notifications:Smtp:Security"] = "None",
            ["Silo:Notifications:Smtp:Username"] = "silo",
            ["Silo:Notifications:Smtp:Password"] = "relay-password",
            ["Silo:Notifications:Smtp:From"] = "Silo <silo@example.com>",
            ["Silo:Notifications:RetryBaseDelay"] = "00:00:00.200",
            ["Silo:Notifications:RetryMaxDelay"] = "00:00:00.500",
            ["Silo:Notifications:ReminderPeriod"] = "00:00:01",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return await TestNode.StartAsync(database.ConnectionString, settings: settings);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient admin, string[] addresses, string[] events)
    {
        var response = await admin.PostAsJsonAsync("/api/notifications/destinations", new { name = "team mail", kind = "email", addresses, events },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("secret").ValueKind);
        return created.GetProperty("destination");
    }
}
