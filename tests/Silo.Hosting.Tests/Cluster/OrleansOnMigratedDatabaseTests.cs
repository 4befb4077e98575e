using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Silo.Hosting.Cluster;
using Silo.Testing;

namespace Silo.Hosting.Tests.Cluster;

/// <summary>
/// Orleans 10.4.2's ADO.NET providers on a database that only `silo migrate` prepared: the queries
/// they look up (CleanupDefunctSiloEntriesKey among them) exist, and membership, grain storage and
/// reminders work on two silos (InProcessTestCluster, with the real providers, not its memory ones).
/// </summary>
public sealed class OrleansOnMigratedDatabaseTests : IAsyncLifetime
{
    private readonly string _name = $"silo_test_{Guid.NewGuid():N}";
    private string _connectionString = "";
    private InProcessTestCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString))
        {
            await admin.OpenAsync(Ct);
            await new NpgsqlCommand($"create database {_name}", admin).ExecuteNonQueryAsync(Ct);
        }
        _connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString) { Database = _name }.ConnectionString;

        await using (var migrate = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"), "migrate", $"--ConnectionStrings:Silo={_connectionString}"))
        {
            var exit = await migrate.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exit == 0, $"silo migrate exited {exit}:\n{migrate.Output}");
        }

        var settings = new ClusterSettings { MinimumReminderPeriod = TimeSpan.FromSeconds(1) };
        var builder = new InProcessTestClusterBuilder(2);
        // The real ADO.NET membership, not the test cluster's in-memory table (the switch is internal in
        // Orleans.TestingHost 10.4.2).
        typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.NonPublic | BindingFlags.Instance)!
            .SetValue(builder.Options, false);
        builder.ConfigureSilo((_, silo) => silo.AddSiloProviders(_connectionString, settings));
        builder.ConfigureClient(client => client.AddSiloClientProviders(_connectionString));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await TestDatabase.DropAsync(_name);
    }

    [Fact]
    public async Task Membership_TwoSilos_BothActiveInTheTable()
    {
        // 3 is SiloStatus.Active.
        await Eventually.UntilAsync(async () => await ScalarAsync<long>("select count(*) from orleans_membership where status = 3") == 2,
            "both silos are active in the membership table");
    }

    [Fact]
    public async Task GrainState_WrittenThenReactivated_ReadBack()
    {
        var grain = _cluster.Client.GetGrain<ICounterGrain>("c1");
        await grain.Add(5);
        await grain.Add(7);
        await _cluster.DeactivateAsync(grain);

        Assert.Equal(12, await _cluster.Client.GetGrain<ICounterGrain>("c1").Count());
    }

    [Fact]
    public async Task GrainStorage_WriteWithStaleETag_InconsistentStateAndRowUnchanged()
    {
        await _cluster.Client.GetGrain<ICounterGrain>("c2").Add(1);
        var storage = _cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Opaque);
        var id = GrainId.Create("counter", "c2");
        var first = new GrainState<CounterState>();
        var second = new GrainState<CounterState>();
        await storage.ReadStateAsync("tests.counter", id, first);
        await storage.ReadStateAsync("tests.counter", id, second);

        first.State!.Count = 100;
        await storage.WriteStateAsync("tests.counter", id, first);
        second.State!.Count = 200;

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tests.counter", id, second));
        var stored = new GrainState<CounterState>();
        await storage.ReadStateAsync("tests.counter", id, stored);
        Assert.Equal(100, stored.State!.Count);
    }

    [Fact]
    public async Task Reminder_Armed_FiresTwiceThenUnregistered()
    {
        var grain = _cluster.Client.GetGrain<ICounterGrain>("c3");
        await grain.ArmReminder();

        await Eventually.UntilAsync(async () => await grain.Ticks() >= 2, "the reminder has ticked twice");
        await Eventually.UntilAsync(async () => await ScalarAsync<long>("select count(*) from orleans_reminders") == 0,
            "the second tick unregistered the reminder");
        Assert.Equal(2, await grain.Ticks());
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        return (T)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync(Ct))!;
    }
}
