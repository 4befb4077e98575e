using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Gateway.Tests.Auth;

/// <summary>Every protected route answers 401 without a valid key and 403 without the permission.</summary>
public sealed class AuthorizationMatrixTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string ReadRoute = "/api/cluster/nodes";   // analytics:read
    private const string AdminRoute = "/api/cluster/parked"; // admin

    [Fact]
    public async Task ProtectedRoutes_EachKindOfKey_AnswerByPermission()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var node = await TestNode.StartAsync(database.ConnectionString);
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
        await using var node = await TestNode.StartAsync(database.ConnectionString);
        using var request = new HttpRequestMessage(HttpMethod.Get, ReadRoute) { Headers = { { "X-Api-Key", TestNode.AdminKey } } };

        var response = await node.Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unauthorized_Response_IsProblemDetails()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString);

        var response = await node.Http.GetAsync(AdminRoute, TestContext.Current.CancellationToken);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateAsync_UnknownPermission_Refused()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString);
        var keys = node.Services.GetRequiredService<ApiKeyStore>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            keys.CreateAsync("x", "acme", ["superuser"], TestContext.Current.CancellationToken));

        Assert.Contains("superuser", error.Message);
    }

    [Fact]
    public async Task StartAsync_TwoNodesWithDifferentBootstrapKeys_BothStart()
    {
        await using var first = await TestNode.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["SILO_ADMIN_KEY"] = "silo_first_bootstrap_key_0001" });
        await using var second = await TestNode.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["SILO_ADMIN_KEY"] = "silo_second_bootstrap_key_002" });

        var response = await second.ClientWithKey("silo_second_bootstrap_key_002").GetAsync(AdminRoute, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
