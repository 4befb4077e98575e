using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Gateway.Tests.Auth;

/// <summary>Every protected route answers 401 without a valid key and 403 without the permission.</summary>
public sealed class AuthorizationMatrixTests(SharedNodeWithOrleansDashboard shared) : IClassFixture<SharedNodeWithOrleansDashboard>
{
    private const string ReadRoute = "/api/cluster/nodes";   // analytics:read
    private const string AdminRoute = "/orleans/GrainState?grainType=none&grainId=none"; // admin (the Orleans Dashboard's grain state)

    [Fact]
    public async Task ProtectedRoutes_EachKindOfKey_AnswerByPermission()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        var keys = node.Services.GetRequiredService<ApiKeyStore>();
        var reader = await keys.CreateAsync("reader", "acme", [Permissions.AnalyticsRead], ct);
        var manager = await keys.CreateAsync("manager", "acme", [Permissions.Manager], ct);
        var revoked = await keys.CreateAsync("revoked", "acme", [Permissions.Admin], ct);
        Assert.True(await keys.RevokeAsync("revoked", ct));

        async Task<HttpStatusCode> Status(HttpClient client, string route) => (await client.GetAsync(route, ct)).StatusCode;

        Assert.Equal(HttpStatusCode.Unauthorized, await Status(node.Http, ReadRoute));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(node.ClientWithKey("silo_not_a_key"), ReadRoute));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(node.ClientWithKey(revoked.Secret), ReadRoute));
        Assert.Equal(HttpStatusCode.OK, await Status(node.ClientWithKey(reader.Secret), ReadRoute));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(node.ClientWithKey(reader.Secret), AdminRoute));
        Assert.Equal(HttpStatusCode.OK, await Status(node.ClientWithKey(manager.Secret), ReadRoute));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(node.ClientWithKey(manager.Secret), AdminRoute));
        Assert.Equal(HttpStatusCode.OK, await Status(node.AdminClient(), AdminRoute));
    }

    [Fact]
    public async Task ApiKey_SentAsXApiKeyHeader_Accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        using var request = new HttpRequestMessage(HttpMethod.Get, ReadRoute) { Headers = { { "X-Api-Key", TestNode.AdminKey } } };

        var response = await node.Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(ReadRoute, HttpStatusCode.Unauthorized)]
    [InlineData("/api/posts/", HttpStatusCode.Unauthorized)]
    [InlineData("/api/dashboard/stream", HttpStatusCode.OK)] // Server-Sent Events: EventSource cannot send a header
    public async Task QueryAccessToken_OnlyOnStreamRoutes(string route, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        var separator = route.Contains('?', StringComparison.Ordinal) ? '&' : '?';

        using var response = await node.Http.GetAsync($"{route}{separator}access_token={TestNode.AdminKey}", HttpCompletionOption.ResponseHeadersRead, ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Unauthorized_Response_IsProblemDetails()
    {
        var node = shared.Node;

        var response = await node.Http.GetAsync(AdminRoute, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task CreateAsync_UnknownPermission_Refused()
    {
        var node = shared.Node;
        var keys = node.Services.GetRequiredService<ApiKeyStore>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            keys.CreateAsync("x", "acme", ["superuser"], TestContext.Current.CancellationToken));

        Assert.Contains("superuser", error.Message);
    }

    [Fact]
    public async Task StartAsync_BootstrapKeyChangedAndChangedBack_NewKeyWorksAndOldKeyRevoked()
    {
        // Its own database: changing the bootstrap key revokes the one the other tests use.
        await using var own = new TestDatabase();
        await own.InitializeAsync();
        var ct = TestContext.Current.CancellationToken;
        const string first = "silo_first_bootstrap_key_0001", second = "silo_second_bootstrap_key_002";
        // Starts a node with SILO_ADMIN_KEY = bootstrap and answers what each key gets from an admin route.
        async Task<HttpStatusCode[]> AdminStatuses(string bootstrap, params string[] keys)
        {
            await using var node = await TestNode.StartAsync(own.ConnectionString, settings: new Dictionary<string, string?> { ["SILO_ADMIN_KEY"] = bootstrap, [TestNode.WithOrleansDashboard.Key] = TestNode.WithOrleansDashboard.Value });
            var statuses = new List<HttpStatusCode>();
            foreach (var key in keys)
            {
                using var client = node.ClientWithKey(key);
                statuses.Add((await client.GetAsync(AdminRoute, ct)).StatusCode);
            }
            return [.. statuses];
        }

        Assert.Equal([HttpStatusCode.OK], await AdminStatuses(first, first));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], await AdminStatuses(second, second, first));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], await AdminStatuses(first, first, second));
        Assert.Equal(1L, await own.ScalarAsync<long>("select count(*) from api_keys where name = 'bootstrap-admin' and revoked_at is null"));
    }

    [Fact]
    public async Task StartAsync_TwoNodesWithDifferentBootstrapKeysAtOnce_BothStart()
    {
        await using var own = new TestDatabase();
        await own.InitializeAsync();

        var nodes = await Task.WhenAll(
            TestNode.StartAsync(own.ConnectionString, settings: new Dictionary<string, string?> { ["SILO_ADMIN_KEY"] = "silo_concurrent_key_a_00001" }),
            TestNode.StartAsync(own.ConnectionString, settings: new Dictionary<string, string?> { ["SILO_ADMIN_KEY"] = "silo_concurrent_key_b_00002" }));

        foreach (var node in nodes) await node.DisposeAsync();
        Assert.Equal(1L, await own.ScalarAsync<long>("select count(*) from api_keys where name = 'bootstrap-admin' and revoked_at is null"));
    }
}
