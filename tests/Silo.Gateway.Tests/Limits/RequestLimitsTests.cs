using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Gateway.Tests.Limits;

/// <summary>Body size caps, JSON depth and array length, per-key rate limits, slow bodies.</summary>
public sealed class RequestLimitsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<TestNode> StartAsync(params (string Key, string Value)[] settings) =>
        TestNode.StartAsync(database.ConnectionString, settings: settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    [Fact]
    public async Task Webhook_BodyOverCap_413BeforeTheSignatureIsRead()
    {
        await using var node = await StartAsync(("Silo:Gateway:Limits:WebhookMaxBodyBytes", "2048"), ("Silo:Meta:AppSecret", "test_secret"));

        var over = await node.Http.PostAsync("/webhooks/meta", new StringContent(new string(' ', 2049), Encoding.UTF8, "application/json"), Ct);
        var under = await node.Http.PostAsync("/webhooks/meta", new StringContent(new string(' ', 2048), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, under.StatusCode); // under the cap: on to the signature check
    }

    [Fact]
    public async Task ApiRoute_BodyOverMaxRequestBodyBytes_413()
    {
        await using var node = await StartAsync(("Silo:Gateway:Limits:MaxRequestBodyBytes", "2048"));
        var body = JsonSerializer.Serialize(new { postId = "big", source = "manual", tenant = "acme", message = new string('x', 4096) });

        var response = await node.AdminClient().PostAsync("/api/posts", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(17, true)]
    [InlineData(10, false)]
    public async Task JsonBody_NestedPastMaxDepth_400NamingTheDepth(int depth, bool refused)
    {
        await using var node = await StartAsync(("Silo:Gateway:Limits:JsonMaxDepth", "16"));
        // accountId takes any JSON value, so only the depth limit (or the validator after it) refuses it.
        var body = $$"""{"accountId":{{new string('[', depth - 1)}}{{new string(']', depth - 1)}},"userId":"u","mode":"now","clips":[{"url":"https://cdn.test/a.mp4"}]}""";

        var response = await node.AdminClient().PostAsync("/api/metricool/publish/stories", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(refused, problem.TryGetProperty("detail", out var detail) && detail.GetString()!.Contains("maximum configured depth of 16", StringComparison.Ordinal));
        Assert.Equal(!refused, problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty("accountId", out _));
    }

    [Fact]
    public async Task CreatePost_MoreMediaThanTheLimit_400NamingMedia()
    {
        await using var node = await StartAsync();
        var media = Enumerable.Range(0, 51).Select(i => new { url = $"https://cdn.test/{i}.jpg", kind = "image" });

        var response = await node.AdminClient().PostAsJsonAsync("/api/posts", new { postId = "many", source = "manual", tenant = "acme", media }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["media"], errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task ApiKey_OverItsBurst_429WithRetryAfterAndOtherKeysUnaffected()
    {
        await using var node = await StartAsync(("Silo:Gateway:Limits:RatePermits", "2"), ("Silo:Gateway:Limits:RateRefill", "1"),
            ("Silo:Gateway:Limits:RatePeriod", "1.00:00:00"));
        var keys = node.Services.GetRequiredService<ApiKeyStore>();
        var (first, second) = (await keys.CreateAsync("first", "acme", [Permissions.AnalyticsRead], Ct),
            await keys.CreateAsync("second", "acme", [Permissions.AnalyticsRead], Ct));
        using var client = node.ClientWithKey(first.Secret);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) answers.Add((await client.GetAsync("/api/cluster/nodes", Ct)).StatusCode);
        var limited = await client.GetAsync("/api/cluster/nodes", Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 86_400);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await node.ClientWithKey(second.Secret).GetAsync("/api/cluster/nodes", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Http.GetAsync("/api/cluster/nodes", Ct)).StatusCode);
    }

    private static (string, string)[] AddressLimit(int permits) =>
    [
        ("Silo:Gateway:Limits:AddressRatePermits", permits.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Silo:Gateway:Limits:AddressRateRefill", "1"), ("Silo:Gateway:Limits:AddressRatePeriod", "1.00:00:00"),
        // Through a trusted proxy, so each test client can be a different address.
        ("Silo:Gateway:TrustedProxies:Addresses:0", "127.0.0.1"),
    ];

    private static async Task<HttpResponseMessage> FromAsync(TestNode node, string client, string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", client);
        if (key is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await node.Http.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Address_OverItsBurstWithoutAKey_429WithRetryAfterAndOtherAddressesUnaffected()
    {
        await using var node = await StartAsync(AddressLimit(3));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) answers.Add((await FromAsync(node, "203.0.113.1", "/api/cluster/nodes")).StatusCode);
        var limited = await FromAsync(node, "203.0.113.1", "/healthz");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 86_400);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FromAsync(node, "203.0.113.2", "/api/cluster/nodes")).StatusCode);
    }

    [Fact]
    public async Task Address_FailedKeysUseItsBurst_ThenNoKeyIsLookedUpUntilItRefills()
    {
        await using var node = await StartAsync(AddressLimit(3));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) answers.Add((await FromAsync(node, "203.0.113.3", "/api/cluster/nodes", $"silo_guess_{i}")).StatusCode);
        var validKeyThere = await FromAsync(node, "203.0.113.3", "/api/cluster/nodes", TestNode.AdminKey);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, validKeyThere.StatusCode);
    }

    [Fact]
    public async Task Address_ValidKeys_CostNothingFromItsBurst()
    {
        await using var node = await StartAsync(AddressLimit(2));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) answers.Add((await FromAsync(node, "203.0.113.4", "/api/cluster/nodes", TestNode.AdminKey)).StatusCode);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.Unauthorized, (await FromAsync(node, "203.0.113.4", "/api/cluster/nodes")).StatusCode);
    }

    [Fact]
    public async Task Address_OverItsBurst_WebhookDeliveriesStillAnswered()
    {
        await using var node = await StartAsync([.. AddressLimit(1), ("Silo:Meta:AppSecret", "test_secret")]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FromAsync(node, "203.0.113.5", "/api/cluster/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FromAsync(node, "203.0.113.5", "/api/cluster/nodes")).StatusCode);

        using var delivery = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        delivery.Headers.Add("X-Forwarded-For", "203.0.113.5");
        var answer = await node.Http.SendAsync(delivery, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode); // on to the signature check, not 429
    }

    [Fact]
    public async Task GrpcCall_KeyOverItsBurst_ResourceExhaustedWithRetryAfter()
    {
        var settings = Grpc.GrpcCalls.H2c(out var h2c, new Dictionary<string, string?>
        {
            ["Silo:Gateway:Limits:RatePermits"] = "2", ["Silo:Gateway:Limits:RateRefill"] = "1", ["Silo:Gateway:Limits:RatePeriod"] = "1.00:00:00",
        });
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: settings);
        var key = await node.Services.GetRequiredService<ApiKeyStore>().CreateAsync("grpc-burst", "acme", [Permissions.AnalyticsRead], Ct);
        using var channel = Grpc.GrpcCalls.Channel(h2c);
        var client = new Silo.Gateway.Grpc.V1.Insights.InsightsClient(channel);

        var answers = new List<global::Grpc.Core.StatusCode>();
        global::Grpc.Core.Metadata? limitedHeaders = null;
        for (var i = 0; i < 3; i++)
        {
            using var call = client.GetOverviewAsync(new Silo.Gateway.Grpc.V1.GetOverviewRequest(), Grpc.GrpcCalls.With(key.Secret, Ct));
            try
            {
                await call.ResponseAsync;
                answers.Add(global::Grpc.Core.StatusCode.OK);
            }
            catch (global::Grpc.Core.RpcException e)
            {
                answers.Add(e.StatusCode);
                limitedHeaders = await call.ResponseHeadersAsync;
            }
        }

        Assert.Equal([global::Grpc.Core.StatusCode.OK, global::Grpc.Core.StatusCode.OK, global::Grpc.Core.StatusCode.ResourceExhausted], answers);
        Assert.InRange(int.Parse(limitedHeaders!.GetValue("retry-after")!, System.Globalization.CultureInfo.InvariantCulture), 1, 86_400);
    }

    [Fact]
    public async Task RequestBody_SlowerThanTheMinimumRate_408()
    {
        await using var node = await StartAsync(("Silo:Gateway:Limits:MinBodyBytesPerSecond", "1000"), ("Silo:Gateway:Limits:BodyGracePeriod", "00:00:02"));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(node.Address.Host, node.Address.Port, Ct);
        var stream = tcp.GetStream();
        // Headers promise 100 KB; one byte of body follows, then nothing.
        var head = $"POST /api/posts HTTP/1.1\r\nHost: {node.Address.Authority}\r\nAuthorization: Bearer {TestNode.AdminKey}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, deadline.Token);

        Assert.StartsWith("HTTP/1.1 408", Encoding.ASCII.GetString(buffer, 0, read));
    }
}
