using Microsoft.Extensions.DependencyInjection;
using Silo.Runtime.Hosting;
using Silo.Runtime.ProcessHost;
using Silo.Testing;

namespace Silo.Runtime.Tests.Grains;

/// <summary>Nodes hosting <see cref="TurnLogGrain"/>, in this process or in their own, and what the log says.</summary>
public static class TurnLog
{
    public static Task CreateTableAsync(TestDatabase database) => database.ExecuteAsync(TurnLogGrain.CreateTable);

    public static Task<TestNode> StartInProcessAsync(TestDatabase database, int maxConcurrentTurns = 8, SiloRole role = SiloRole.Silo) =>
        TestNode.StartAsync(database.ConnectionString, role, new Dictionary<string, string?>
        {
            ["Silo:Runtime:MaxConcurrentTurns"] = maxConcurrentTurns.ToString(),
            ["Silo:Runtime:PollInterval"] = "00:00:00.050",
        }, services => services.AddGrain<TurnLogGrain>("turnlog").Handles<Work>());

    public static NodeProcess StartProcess(TestDatabase database, string leaseDuration = "00:00:30") =>
        NodeProcess.Start(typeof(TurnLogGrain).Assembly.Location,
            $"--ConnectionStrings:Silo={database.ConnectionString}",
            $"--Silo:Runtime:LeaseDuration={leaseDuration}",
            "--Silo:Runtime:PollInterval=00:00:00.050",
            "--Silo:Runtime:MaxConcurrentTurns=8");

    /// <summary>Pairs of turns of the same grain whose [start, end] intervals intersect.</summary>
    public static Task<long> OverlapsAsync(TestDatabase database) => database.ScalarAsync<long>("""
        select count(*) from turn_log a join turn_log b
          on a.grain_key = b.grain_key and a.id < b.id
         and a.started_at < coalesce(b.ended_at, 'infinity') and b.started_at < coalesce(a.ended_at, 'infinity')
        """);

    /// <summary>A node that only sends: a gateway runs no grains.</summary>
    public static Task<TestNode> StartSenderAsync(TestDatabase database) => StartInProcessAsync(database, role: SiloRole.Gateway);

    public static Task<long> CompletedAsync(TestDatabase database) =>
        database.ScalarAsync<long>("select count(distinct message_id) from turn_log where ended_at is not null");
}
