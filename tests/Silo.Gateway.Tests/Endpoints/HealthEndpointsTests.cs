using System.Net;
using System.Net.Http.Json;
using Silo.Hosting.Hosting;
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
        Assert.Equal("all", body["role"].ToString());
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
    public async Task Healthz_DatabaseUnreachable_503WithoutTheDriversMessage()
    {
        // Its own database: it is closed to connections mid-test.
        await using var own = new TestDatabase();
        await own.InitializeAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await TestNode.StartAsync(own.ConnectionString);
        var name = new Npgsql.NpgsqlConnectionStringBuilder(own.ConnectionString).Database!;
        await AdminAsync($"alter database {name} with allow_connections false", ct);
        try
        {
            await AdminAsync($"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{name}' and backend_type = 'client backend'", ct);
            HttpResponseMessage? answer = null;
            await Eventually.UntilAsync(async () => (answer = await node.Http.GetAsync("/healthz", ct)).StatusCode == HttpStatusCode.ServiceUnavailable,
                "/healthz reports the database unreachable");

            var body = await answer!.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);

            Assert.Equal("PostgreSQL is not reachable.", body.GetProperty("detail").GetString());
            Assert.DoesNotContain(name, await answer.Content.ReadAsStringAsync(ct));
        }
        finally
        {
            // Open again before the node stops: a silo leaving a cluster it cannot write to waits out
            // Orleans' membership timeouts (two minutes of the suite's time).
            await AdminAsync($"alter database {name} with allow_connections true", ct);
        }
    }

    private static async Task AdminAsync(string sql, CancellationToken ct)
    {
        await using var admin = new Npgsql.NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync(ct);
    }

    [Fact]
    public async Task Readyz_GatewayNode_ReadyWhileASiloRunsNotReadyOnceItStops()
    {
        // Its own database: the gateway's client must see exactly this silo come and go.
        await using var own = new TestDatabase();
        await own.InitializeAsync();
        var ct = TestContext.Current.CancellationToken;
        var silo = await TestNode.StartAsync(own.ConnectionString, SiloRole.Silo);
        var siloStopped = false;
        try
        {
            await using var gateway = await TestNode.StartAsync(own.ConnectionString, SiloRole.Gateway);
            Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/readyz", ct)).StatusCode);
            await Eventually.UntilAsync(async () => (await gateway.Http.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.OK,
                "the gateway is ready once its client reaches the silo");

            await silo.DisposeAsync();
            siloStopped = true;

            await Eventually.UntilAsync(async () => (await gateway.Http.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.ServiceUnavailable,
                "the gateway is not ready once no silo is left", TimeSpan.FromSeconds(60));
            var answer = await gateway.Http.GetAsync("/readyz", ct);
            Assert.Contains("connected to no silo", await answer.Content.ReadAsStringAsync(ct));
            // Still healthy: its database is fine, it only has nothing to serve with.
            Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz", ct)).StatusCode);
        }
        finally
        {
            if (!siloStopped) await silo.DisposeAsync();
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
