using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Media.Scrub;

/// <summary>On a silo's start, plans the first scrub when runs repeat on their own (<see cref="ScrubOptions.Interval"/>);
/// a scrub already run or planned is left as it is. Registered after Orleans, so the silo is up.</summary>
internal sealed class ScrubOnStart(SiloNode node, IGrainFactory grains, IOptions<ScrubOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!node.RunsGrains || options.Value.Interval <= TimeSpan.Zero) return;
        await grains.GetGrain<IScrubGrain>(ScrubIds.Cluster).Plan();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
