using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Hosting.Hosting;
using Silo.Insights.Hosting;

namespace Silo.Insights.Alerts;

/// <summary>
/// Opens and resolves seed 004's alert lines (<see cref="InsightsAlertRules"/>) in <c>insights_alerts</c>,
/// beside the alerts the grains raise, every <see cref="InsightsOptions.AlertCheckInterval"/>. Every
/// node runs it: an alert opens once (one open alert per account and kind) and resolving twice
/// changes nothing, so no node needs to be chosen.
/// </summary>
public sealed partial class InsightsAlertCheck(NpgsqlDataSource database, IOptions<InsightsOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<InsightsAlertCheck> logger) : BackgroundService
{
    /// <summary>
    /// One check of every account; what the loop calls and tests call directly. <paramref name="now"/> is the
    /// moment judged (the database's clock when null, as the loop leaves it), so a test's runs stay in their
    /// slot however long it takes.
    /// </summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken, DateTimeOffset? now = null)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var accounts = await AccountHealthQuery.ReadAsync(connection, options.Value.SyncInterval, cancellationToken, now);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var health in accounts)
            foreach (var (kind, message) in InsightsAlertRules.Judge(health, options.Value.SlowSyncMinimum))
                batch.BatchCommands.Add(message is null
                    ? InsightsAlertSql.Resolve(health.AccountId, kind)
                    : InsightsAlertSql.Open(new InsightsAlertRaise(health.AccountId, kind, message)));
        // Hits older than the hour the rules read are only kept a day, for a person looking at the table.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("delete from insights_rate_limit_hits where hit_at < now() - interval '1 day'"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first check comes an interval after start: a starting node has nothing new to judge.
        using var timer = new PeriodicTimer(options.Value.AlertCheckInterval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                // The database is away (restarting, failing over): the next tick checks again.
                LogCheckFailed(logger, e);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the insights alert lines failed; the next check tries again")]
    private static partial void LogCheckFailed(ILogger logger, Exception error);
}
