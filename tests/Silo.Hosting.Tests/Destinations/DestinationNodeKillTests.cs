using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;
using Silo.Hosting.Cluster;
using Silo.Hosting.Destinations;
using Silo.Hosting.Hosting;
using Silo.Simulators;
using Silo.Simulators.Receiver;
using Silo.Testing;

namespace Silo.Hosting.Tests.Destinations;

/// <summary>
/// A silo killed while its destination grain waits for the receiver's answer: the cursor never moved, so the other silo's
/// reminder delivers that same event once more, and every later event once, in order.
/// </summary>
public sealed class DestinationNodeKillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Deliver_SiloKilledMidDelivery_OnlyThatDeliveryRepeated()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = new ReceiverSimulator { Secret = "kill-secret" };
        // The first request is recorded and never answered: the silo is killed while it waits.
        receiver.SetFaults(f => f.HoldAfterReceiving = 1);
        await using var server = await SimulatorServer.StartAsync(app => app.MapReceiverSimulator(receiver), cancellationToken: ct);
        var id = (await new DestinationStore(database.DataSource).CreateAsync("acme", "kill", DestinationKinds.Webhook,
            server.Url("receiver/hooks/kill").ToString(), "kill-secret", ["alert.raised"], ct)).Id;
        for (var i = 0; i < 5; i++)
            await database.ExecuteAsync("insert into alerts (kind, message, tenant) values (@k, 'm', 'acme')", ("k", $"kill-{i}"));
        var expected = new List<long>();
        for (var i = 0; i < 5; i++)
            expected.Add(await database.ScalarAsync<long>("select id from notification_events where subject = @s and type = 'alert.raised'", ("s", $"kill-{i}")));

        await using var cluster = await StartClusterAsync(server);
        await cluster.Client.GetGrain<IDestinationGrain>(id).Wake();
        await Eventually.UntilAsync(() => receiver.Held == 1, "the first delivery is held by the receiver");
        var victim = cluster.Silos[0];
        await cluster.StartAdditionalSiloAsync();
        await cluster.KillSiloAsync(victim, ct);

        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
                "select delivered_through from notification_destinations where id = @id", ("id", id)) == expected[^1],
            "the other silo delivered every event", TimeSpan.FromSeconds(120));

        var received = receiver.Received.Select(r => long.Parse(r.EventId!)).ToList();
        Assert.Equal([expected[0], .. expected], received);
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
    }

    private async Task<InProcessTestCluster> StartClusterAsync(SimulatorServer server)
    {
        var builder = new InProcessTestClusterBuilder(1);
        // The switch is internal in Orleans.TestingHost 10.4.2: the real ADO.NET membership and reminders, as in production.
        typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.NonPublic | BindingFlags.Instance)!
            .SetValue(builder.Options, false);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddKeyedSingleton(SiloClock.Key, TimeProvider.System);
            host.Services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
            host.Services.AddOptions<DestinationOptions>().Configure(o =>
            {
                o.PrivateHosts = [$"127.0.0.1:{server.Address.Port}"];
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
                o.RetryMaxDelay = TimeSpan.FromMilliseconds(500);
                o.ReminderPeriod = TimeSpan.FromSeconds(1);
                o.RequestTimeout = TimeSpan.FromSeconds(5);
            });
            host.Services.AddSingleton<DestinationStore>();
            host.Services.AddSingleton<DestinationAddress>();
            host.Services.AddSingleton<EmailSender>();
            host.Services.AddSingleton<EventSender>();
        });
        builder.ConfigureSilo((_, silo) =>
            silo.AddSiloProviders(database.ConnectionString, new ClusterSettings { MinimumReminderPeriod = TimeSpan.FromSeconds(1) }));
        builder.ConfigureClient(client => client.AddSiloClientProviders(database.ConnectionString));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
