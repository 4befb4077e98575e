using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Publishing.Batches;
using Silo.Publishing.Tests.Support;
using Silo.Testing;

namespace Silo.Publishing.Tests.Endpoints;

public sealed class PublishEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task PublishStories_InvalidInput_400NamingEachFieldAndNothingStored()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        using var client = node.AdminClient();
        var stored = await database.ScalarAsync<long>("select count(*) from publish_batches");

        var response = await client.PostAsJsonAsync("/api/metricool/publish/stories", new
        {
            accountId = "brand", userId = "", mode = "now", scheduledFor = "2030-01-01T10:00:00+00:00",
            clips = new object[] { new { url = "ftp://cdn.test/a.mp4", title = "a" }, new { url = "https://cdn.test/b.mp4" }, new { url = "not a url" } },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.Equal(["accountId", "clips[0].url", "clips[2].url", "scheduledFor", "userId"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(stored, await database.ScalarAsync<long>("select count(*) from publish_batches"));
    }

    [Theory]
    [InlineData("now", null, null, "clips")]
    [InlineData("later", null, 1, "mode")]
    [InlineData("scheduled", null, 1, "scheduledFor")]
    [InlineData("scheduled", "2030-01-01T10:00:00", 1, "scheduledFor")]
    [InlineData("scheduled", "2020-01-01T10:00:00Z", 1, "scheduledFor")]
    [InlineData("scheduled", "01/02/2030 10:00 +01:00", 1, "scheduledFor")]
    [InlineData("now", null, 51, "clips")]
    public async Task PublishStories_OneWrongField_400NamingIt(string mode, string? scheduledFor, int? clips, string field)
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        using var client = node.AdminClient();

        var response = await client.PostAsJsonAsync("/api/metricool/publish/stories", new
        {
            accountId = 4242, userId = "user-1", mode, scheduledFor,
            clips = clips is null ? null : Enumerable.Range(0, clips.Value).Select(i => new { url = $"https://cdn.test/{i}.mp4" }),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task PublishStories_SameIdempotencyKeyTwice_SameBatchStoredOnce()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        using var client = node.AdminClient();
        var body = new { accountId = "77", userId = "u-idem", mode = "now", clips = new[] { new { url = "https://cdn.test/idem.mp4", title = "x" } } };

        async Task<string> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/metricool/publish/stories") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "retry-123");
            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("batchId").GetString()!;
        }

        var first = await Post();
        var second = await Post();

        Assert.Equal(first, second);
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from publish_batches where user_id = 'u-idem'"));
        await node.UntilBatchAsync(first, b => b.Status == BatchStatus.Completed, "the batch completes");
        Assert.Equal(1, metricool.Simulator.CreatedCount("https://cdn.test/idem.mp4"));
    }

    [Fact]
    public async Task PublishStories_SameIdempotencyKeyConcurrently_OneBatchForEveryRequest()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        using var client = node.AdminClient();
        var body = new { accountId = "79", userId = "u-race", mode = "now", clips = new[] { new { url = "https://cdn.test/race.mp4", title = "r" } } };

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/metricool/publish/stories") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "race-1");
            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("batchId").GetString()!;
        }));

        Assert.Single(ids.Distinct());
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from publish_batches where user_id = 'u-race'"));
        await node.UntilBatchAsync(ids[0], b => b.Status == BatchStatus.Completed, "the batch completes");
        Assert.Equal(1, metricool.Simulator.CreatedCount("https://cdn.test/race.mp4"));
    }

    [Fact]
    public async Task PublishStories_IdempotencyKeyReusedForAnotherRequest_422AndNothingStored()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        using var client = node.AdminClient();

        async Task<HttpResponseMessage> Post(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/metricool/publish/stories")
            {
                Content = JsonContent.Create(new { accountId = "78", userId = "u-reuse", mode = "now", clips = new[] { new { url } } }),
            };
            request.Headers.Add("Idempotency-Key", "reused-1");
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var first = await Post("https://cdn.test/first.mp4");
        var second = await Post("https://cdn.test/other.mp4");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.UnprocessableEntity), (first.StatusCode, second.StatusCode));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from publish_batches where user_id = 'u-reuse'"));
    }

    [Fact]
    public async Task PublishStories_PastTheAccountsDailyPostLimit_409NamingTheCountsAndNothingStored()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool,
            new Dictionary<string, string?> { ["Silo:Publishing:DailyPostLimit"] = "5" });
        using var client = node.AdminClient();
        var at = DateTimeOffset.UtcNow.AddDays(2);
        at = new DateTimeOffset(at.Year, at.Month, at.Day, 10, 0, 0, TimeSpan.Zero);
        Task<HttpResponseMessage> ScheduleAsync(string account, DateTimeOffset when, int clips) => client.PostAsJsonAsync("/api/metricool/publish/stories", new
        {
            accountId = account, userId = "user-1", mode = "scheduled", scheduledFor = when.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
            clips = Enumerable.Range(0, clips).Select(i => new { url = $"https://cdn.test/limit-{when:HHmm}-{i}.mp4" }),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, (await ScheduleAsync("4343", at, 3)).StatusCode);
        var stored = await database.ScalarAsync<long>("select count(*) from publish_batches where account_id = '4343'");
        // Two hours later, three more would make six Stories in 24 hours.
        var refused = await ScheduleAsync("4343", at.AddHours(2), 3);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Daily post limit of the account reached", problem.GetProperty("title").GetString());
        Assert.Equal(
            $"Metricool account 4343 may publish at most 5 posts in any 24 hours (Instagram's content publishing limit, Silo:Publishing:DailyPostLimit). " +
            $"3 are already published or scheduled in the 24 hours up to {at.AddHours(2).AddMinutes(2):yyyy-MM-dd HH:mm} UTC, so these 3 clips would make 6. " +
            "Send at most 2 of them then, or schedule the batch later.", problem.GetProperty("detail").GetString());
        Assert.Equal(stored, await database.ScalarAsync<long>("select count(*) from publish_batches where account_id = '4343'"));
        // Past the first batch's 24 hours the account has room again; another account never had less.
        Assert.Equal(HttpStatusCode.Accepted, (await ScheduleAsync("4343", at.AddHours(25), 3)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ScheduleAsync("4344", at.AddHours(2), 5)).StatusCode);
    }

    [Fact]
    public async Task GetStatus_UnknownBatch_404()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        using var client = node.AdminClient();

        var response = await client.GetAsync("/api/metricool/status?batchId=unknown", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PublishStories_ReadOnlyKey_403AndNothingStored()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        var key = await node.Services.GetRequiredService<ApiKeyStore>()
            .CreateAsync("reader", "acme", [Permissions.AnalyticsRead], TestContext.Current.CancellationToken);
        using var client = node.ClientWithKey(key.Secret);

        var response = await client.PostAsJsonAsync("/api/metricool/publish/stories",
            new { accountId = "1", userId = "u-read", mode = "now", clips = new[] { new { url = "https://cdn.test/r.mp4" } } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from publish_batches where user_id = 'u-read'"));
    }

    [Fact]
    public async Task ListBatches_ReadOnlyKeyAndFilters_OwnTenantsMatchingBatchesOnly()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        // Blog 77 is acme-list's, as the operator gives it (Silo:Tenants): its keys publish to it.
        await using var node = await PublishingNode.StartAsync(database, metricool, new Dictionary<string, string?> { ["Silo:Tenants:acme-list:MetricoolBlogs:0"] = "77" });
        var ct = TestContext.Current.CancellationToken;
        var reader = await node.Services.GetRequiredService<ApiKeyStore>().CreateAsync("lister", "acme-list", [Permissions.AnalyticsRead], ct);
        var writer = await node.Services.GetRequiredService<ApiKeyStore>().CreateAsync("list-writer", "acme-list", [Permissions.Manager], ct);
        using var own = node.ClientWithKey(writer.Secret);
        var mine = await own.PostAsJsonAsync("/api/metricool/publish/stories",
            new { accountId = "77", userId = "u-list", mode = "now", clips = new[] { new { url = "https://cdn.test/l.mp4" } } }, ct);
        Assert.Equal(HttpStatusCode.Accepted, mine.StatusCode);
        var otherTenant = await node.PublishAsync("list-other", 1);
        using var client = node.ClientWithKey(reader.Secret);

        var all = await client.GetFromJsonAsync<BatchPage>("/api/metricool/batches", ct);
        var byUser = await client.GetFromJsonAsync<BatchPage>("/api/metricool/batches?userId=u-list&accountId=77&mode=now", ct);
        var none = await client.GetFromJsonAsync<BatchPage>("/api/metricool/batches?userId=u-list&mode=bestTime", ct);
        var badMode = await client.GetAsync("/api/metricool/batches?mode=later", ct);

        Assert.Equal(["u-list"], all!.Items.Select(b => b.UserId).ToArray());
        Assert.DoesNotContain(all.Items, b => b.BatchId == otherTenant);
        Assert.Equal(1L, byUser!.Total);
        Assert.Equal(0L, none!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
    }

    [Fact]
    public async Task UserActiveAndBatches_PausedBatch_ListedThenResumeOfRunningBatchIs409()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool);
        var batchId = await node.PublishAsync("active", 2);
        using var client = node.AdminClient();

        var resume = await client.PostAsync($"/api/metricool/batches/{batchId}/resume", null, TestContext.Current.CancellationToken);
        await node.CommandAsync(batchId, "pause");
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Paused, "the batch pauses");
        var active = await client.GetFromJsonAsync<List<BatchView>>("/api/metricool/batch/user-active?userId=user-1", TestContext.Current.CancellationToken);
        var paused = await client.GetFromJsonAsync<BatchPage>("/api/metricool/batches?status=paused&pageSize=10", TestContext.Current.CancellationToken);
        var badStatus = await client.GetAsync("/api/metricool/batches?status=sleeping", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Contains(active!, b => b.BatchId == batchId);
        Assert.Contains(paused!.Items, b => b.BatchId == batchId);
        Assert.All(paused.Items, b => Assert.Equal(BatchStatus.Paused, b.Status));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesThePublishRoutes()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);

        var document = await node.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/metricool/publish/stories", paths);
        Assert.Contains("/api/metricool/stream", paths);
        Assert.Contains("/api/metricool/batches/{id}/resume", paths);
    }
}
