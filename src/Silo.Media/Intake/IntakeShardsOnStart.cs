using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Media.Intake;

/// <summary>
/// On a silo's start, wakes every intake shard, so each has its reminder (the backstop) before any writer relies on
/// it, and rows left by a cluster that stopped are picked up. Rows of shards beyond a lowered count move first.
/// Registered after Orleans, so the silo is up.
/// </summary>
internal sealed class IntakeShardsOnStart(SiloNode node, IntakeStore store, IGrainFactory grains, IOptions<IntakeOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!node.RunsGrains) return;
        await store.RehomeAsync(options.Value.Shards, cancellationToken);
        for (var shard = 0; shard < options.Value.Shards; shard++) await grains.GetGrain<IIntakeShardGrain>(shard).Nudge();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
