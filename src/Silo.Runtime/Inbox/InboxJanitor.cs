using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Runtime.Hosting;

namespace Silo.Runtime.Inbox;

/// <summary>Deletes processed messages past the retention window, in small batches, every few minutes.</summary>
internal sealed partial class InboxJanitor(NpgsqlDataSource database, IOptions<RuntimeOptions> options, ILogger<InboxJanitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try { await PruneOnceAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { LogPruneFailed(e); }
        }
    }

    public async Task<int> PruneOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(GrainInboxSql.PruneProcessed, connection);
        command.Parameters.AddWithValue("retention", options.Value.InboxRetention);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning processed messages failed")]
    private partial void LogPruneFailed(Exception error);
}
