using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Runtime.Execution;
using Silo.Runtime.Grains;
using Silo.Runtime.Hosting;

namespace Silo.Runtime.Leases;

/// <summary>
/// Renews the leases of every grain this node runs, a third of a lease period apart, in one
/// statement. A grain whose renewal finds the fence moved on has been taken over: its turn is
/// cancelled, and its commit would be refused anyway.
/// </summary>
internal sealed partial class LeaseKeeper(
    NpgsqlDataSource database,
    ActiveGrains active,
    SiloNode node,
    IOptions<RuntimeOptions> options,
    ILogger<LeaseKeeper> logger) : BackgroundService
{
    private readonly RuntimeOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.LeaseDuration / 3);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RenewOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRenewFailed(e);
            }
        }
    }

    public async Task RenewOnceAsync(CancellationToken cancellationToken)
    {
        var held = active.All.ToList();
        if (held.Count == 0) return;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(GrainSql.RenewLeases, connection);
        command.Parameters.AddWithValue("lease", _options.LeaseDuration);
        command.Parameters.AddWithValue("node", node.NodeId);
        command.Parameters.AddWithValue("types", held.Select(a => a.Id.Type).ToArray());
        command.Parameters.AddWithValue("keys", held.Select(a => a.Id.Key).ToArray());
        command.Parameters.AddWithValue("fences", held.Select(a => a.Fence).ToArray());
        var renewed = new HashSet<GrainId>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                renewed.Add(new GrainId(reader.GetString(0), reader.GetString(1)));
        // An activation that ended since the snapshot released its lease itself: not a takeover.
        foreach (var activation in held.Where(a => !renewed.Contains(a.Id) && active.Contains(a)))
        {
            LogLeaseTakenOver(activation.Id);
            activation.AbortLeaseLost();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing leases failed; they may expire")]
    private partial void LogRenewFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease on {GrainId} was taken over by another node; aborting its turn")]
    private partial void LogLeaseTakenOver(GrainId grainId);
}
