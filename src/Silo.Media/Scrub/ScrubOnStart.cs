using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Media.Scrub;

/// <summary>On a silo's start, plans the first scrub when runs repeat on their own (<see cref="ScrubOptions.Interval"/>);
/// a scrub already run or planned is left as it is.</summary>
internal sealed class ScrubOnStart(SiloNode node, IGrainFactory grains, IOptions<ScrubOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<ScrubOnStart> logger) : OnSiloStart(node, time, logger)
{
    protected override Task CallAsync(CancellationToken cancellationToken) =>
        options.Value.Interval > TimeSpan.Zero ? grains.GetGrain<IScrubGrain>(ScrubIds.Cluster).Plan() : Task.CompletedTask;
}
