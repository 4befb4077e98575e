using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;

namespace Silo.Media.Export;

/// <summary>
/// Expires the exports that ended longer ago than <see cref="ExportOptions.KeepFor"/>, each through its grain
/// (<see cref="IExportGrain.Delete"/>), a batch at a time. The deletion sweep (<c>FileSweepGrain</c>) runs it on its reminder;
/// tests call <see cref="RunOnceAsync"/> with their own clock.
/// </summary>
public sealed class ExportExpiry(ExportQueries queries, IGrainFactory grains, IOptions<ExportOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    /// <summary>Up to <paramref name="limit"/> exports whose keeping time ran out; returns how many were expired.</summary>
    public async Task<int> RunOnceAsync(int limit, CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var id in await queries.DueAsync(time.GetUtcNow() - options.Value.KeepFor, limit, cancellationToken))
            if (await grains.GetGrain<IExportGrain>(id).Delete(TenantOwnership.AllTenants)) expired++;
        return expired;
    }
}
