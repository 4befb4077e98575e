using System.Net;
using System.Net.Http.Json;
using Silo.Testing;

namespace Silo.Gateway.Tests.Endpoints;

public sealed class HealthEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probe_MigratedDatabase_HealthyWithoutKey(string route)
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString);

        var response = await node.Http.GetAsync(route, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body!["status"].ToString());
    }

    [Fact]
    public async Task Healthz_MigrationMissing_503NamingIt()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString);
        var latest = await database.ScalarAsync<int>("select max(version) from silo_migrations");
        var name = await database.ScalarAsync<string>("select name from silo_migrations where version = @v", ("v", latest));
        await database.ExecuteAsync("delete from silo_migrations where version = @v", ("v", latest));
        try
        {
            var response = await node.Http.GetAsync("/healthz", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("not applied", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await database.ExecuteAsync("insert into silo_migrations (version, name) values (@v, @n)", ("v", latest), ("n", name));
        }
    }

    [Fact]
    public async Task OpenApiDocument_Served()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString);

        var response = await node.Http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/cluster/nodes", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
