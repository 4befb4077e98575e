using Silo.Runtime.Grains;
using Silo.Runtime.Inbox;
using Silo.Runtime.ProcessHost;
using Silo.Runtime.Tests.Grains;
using Silo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Runtime.Tests.Execution;

/// <summary>One grain never runs on two nodes at once, whether the nodes share a process or not.</summary>
public sealed class ExclusionTests
{
    private const int Grains = 10;
    private const int MessagesPerGrain = 20;

    private static async Task SendWorkAsync(IClusterClient client, int holdMs)
    {
        for (var m = 0; m < MessagesPerGrain; m++)
            for (var g = 0; g < Grains; g++)
                await client.SendAsync(new GrainId("turnlog", $"g{g}"), new Work(holdMs), $"m{g}-{m}", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TwoNodesInOneProcess_SameGrains_NoOverlappingTurns()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await TurnLog.CreateTableAsync(database);
        await using var a = await TurnLog.StartInProcessAsync(database);
        await using var b = await TurnLog.StartInProcessAsync(database);

        await SendWorkAsync(a.Services.GetRequiredService<IClusterClient>(), holdMs: 5);

        await Eventually.UntilAsync(async () => await TurnLog.CompletedAsync(database) == Grains * MessagesPerGrain, "every message ran");
        Assert.Equal(0L, await TurnLog.OverlapsAsync(database));
        Assert.Equal(Grains * MessagesPerGrain, await database.ScalarAsync<long>("select count(*) from turn_log"));
    }

    [Fact]
    public async Task TwoProcesses_SameGrains_NoOverlappingTurnsAndBothWork()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await TurnLog.CreateTableAsync(database);
        await using var a = TurnLog.StartProcess(database);
        await using var b = TurnLog.StartProcess(database);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("select count(*) from silo_nodes where stopped_at is null and role = 'silo'") == 2,
            "both processes joined");
        await using var client = await TurnLog.StartSenderAsync(database);

        await SendWorkAsync(client.Services.GetRequiredService<IClusterClient>(), holdMs: 20);

        await Eventually.UntilAsync(async () => await TurnLog.CompletedAsync(database) == Grains * MessagesPerGrain, "every message ran",
            TimeSpan.FromSeconds(60));
        Assert.Equal(0L, await TurnLog.OverlapsAsync(database));
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(distinct process_id) from turn_log"));
    }

    [Fact]
    public async Task NodeKilledMidTurn_LeaseExpires_TurnRunsOnAnotherNodeOnce()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await TurnLog.CreateTableAsync(database);
        await using var victim = TurnLog.StartProcess(database, leaseDuration: "00:00:03");
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("select count(*) from silo_nodes where role = 'silo'") == 1, "the victim joined");
        await using var client = await TurnLog.StartSenderAsync(database);

        await client.Services.GetRequiredService<IClusterClient>().SendAsync(new GrainId("turnlog", "slow"), new Work(600_000), "long-turn", TestContext.Current.CancellationToken);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("select count(*) from turn_log") == 1, "the victim started the turn");
        victim.Kill();
        var killedAt = DateTime.UtcNow;
        await using var survivor = TurnLog.StartProcess(database, leaseDuration: "00:00:03");

        // The survivor cannot finish a 10-minute hold; it proves the takeover by starting the turn again.
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("select count(distinct process_id) from turn_log") == 2,
            "the turn runs again on the survivor", TimeSpan.FromSeconds(30));
        var takeover = DateTime.UtcNow - killedAt;
        Assert.True(takeover < TimeSpan.FromSeconds(30), $"takeover took {takeover}");
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from turn_log where process_id = @p", ("p", victim.Id)));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from turn_log where process_id = @p and ended_at is not null", ("p", victim.Id)));
    }
}
