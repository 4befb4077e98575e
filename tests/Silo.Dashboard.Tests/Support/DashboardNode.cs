using Microsoft.Extensions.DependencyInjection;
using Silo.Hosting.Hosting;
using Silo.Hosting.Inbox;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Support;

/// <summary>Starts a real node hosting <see cref="CounterGrain"/> (type "counter"), with quick retries and refreshes.</summary>
public static class DashboardNode
{
    public static Task<TestNode> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Silo:Runtime:RetryBaseDelay"] = "00:00:00.020",
            ["Silo:Runtime:RetryMaxDelay"] = "00:00:00.050",
            ["Silo:Runtime:MaxAttempts"] = "2",
            ["Silo:Runtime:HeartbeatInterval"] = "00:00:00.200",
            ["Silo:Runtime:ShutdownTimeout"] = "00:00:02",
            ["Silo:Dashboard:RefreshInterval"] = "00:00:00.250",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        return TestNode.StartAsync(database.ConnectionString, SiloRole.All, values,
            services => services.AddGrain<CounterGrain>("counter").Handles<Bump>().Handles<Explode>());
    }

    public static IClusterClient Client(this TestNode node) => node.Services.GetRequiredService<IClusterClient>();
}
