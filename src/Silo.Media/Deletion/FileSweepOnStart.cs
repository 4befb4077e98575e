using Microsoft.Extensions.Hosting;
using Silo.Hosting.Hosting;

namespace Silo.Media.Deletion;

/// <summary>On a silo's start, wakes the sweep so its standing reminder exists. Registered after Orleans, so the silo is up.</summary>
internal sealed class FileSweepOnStart(SiloNode node, IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        node.RunsGrains ? grains.GetGrain<IFileSweepGrain>(0).Wake() : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
