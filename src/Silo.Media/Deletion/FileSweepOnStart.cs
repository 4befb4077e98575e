using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Silo.Hosting.Hosting;

namespace Silo.Media.Deletion;

/// <summary>On a silo's start, wakes the sweep so its standing reminder exists.</summary>
internal sealed class FileSweepOnStart(SiloNode node, IGrainFactory grains, [FromKeyedServices(SiloClock.Key)] TimeProvider time,
    ILogger<FileSweepOnStart> logger) : OnSiloStart(node, time, logger)
{
    protected override Task CallAsync(CancellationToken cancellationToken) => grains.GetGrain<IFileSweepGrain>(0).Wake();
}
