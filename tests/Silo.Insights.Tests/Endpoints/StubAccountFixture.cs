using System.Net.Http.Json;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Insights.Tests.Endpoints;

/// <summary>
/// One database and node for the endpoint tests: a stub account of tenant <c>acme</c> discovered and
/// synced once (28 days). Tests only read it, or re-sync it, which changes no figure.
/// </summary>
public sealed class StubAccountFixture : IAsyncLifetime
{
    public const string AccountId = "act_1001";
    public const string Tenant = "acme";
    public const int Days = 28;

    public TestDatabase Database { get; } = new();
    public TestNode Node { get; private set; } = null!;
    public JsonElement FirstSync { get; private set; }

    public async ValueTask InitializeAsync()
    {
        try
        {
            await Database.InitializeAsync();
            Node = await InsightsTestNode.StartAsync(Database, InsightsTestNode.StubSettings());
            await Node.ConnectAsync(Database, AccountId, Tenant, InsightsTestNode.StubEntities);
            using var admin = Node.AdminClient();
            var response = await admin.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = Days, force = true });
            response.EnsureSuccessStatusCode();
            FirstSync = await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        catch
        {
            // What started before the failure is disposed here: a fixture that failed to start may never be.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var node = Node;
        Node = null!;
        await Teardown.DisposeAllAsync(node, Database);
    }
}
