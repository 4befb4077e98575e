using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Silo.Hosting.Cluster;
using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Hosting.Tests.Work;

/// <summary>
/// Orleans silos in the test's process on a fresh database: the real ADO.NET membership, reminders and grain storage
/// (not the test cluster's memory ones), reminders as often as Orleans allows (1 s).
/// </summary>
public static class ChoresCluster
{
    public static async Task<InProcessTestCluster> StartAsync(TestDatabase database, int silos)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        // The switch is internal in Orleans.TestingHost 10.4.2.
        typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.NonPublic | BindingFlags.Instance)!
            .SetValue(builder.Options, false);
        builder.ConfigureSiloHost((_, host) => host.Services.AddKeyedSingleton(SiloClock.Key, TimeProvider.System));
        builder.ConfigureSilo((_, silo) =>
            silo.AddSiloProviders(database.ConnectionString, new ClusterSettings { MinimumReminderPeriod = TimeSpan.FromSeconds(1) }));
        builder.ConfigureClient(client => client.AddSiloClientProviders(database.ConnectionString));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static Task<long> RemindersAsync(this TestDatabase database, string key) =>
        database.ScalarAsync<long>("select count(*) from orleans_reminders where grain_id like '%/' || @k", ("k", key));
}
