using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Support;

/// <summary>Starts a real node (role all: a silo with the gateway) whose pages refresh quickly, with the Orleans Dashboard.</summary>
public static class DashboardNode
{
    public static Task<TestNode> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Silo:Dashboard:RefreshInterval"] = "00:00:00.250",
            // Silo's pages link to it, and the browser checks sign in to both.
            [TestNode.WithOrleansDashboard.Key] = TestNode.WithOrleansDashboard.Value,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        return TestNode.StartAsync(database.ConnectionString, SiloRole.All, values);
    }
}
