using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Runtime.Execution;
using Silo.Runtime.Hosting;

namespace Silo.Runtime.Membership;

/// <summary>Registers this node in <c>silo_nodes</c>, heartbeats with its counters, and signs off on shutdown.</summary>
internal sealed partial class MembershipService(
    NpgsqlDataSource database,
    SiloNode node,
    ActiveGrains active,
    RuntimeMetrics metrics,
    IOptions<RuntimeOptions> options,
    ILogger<MembershipService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await StartupRetry.RunAsync(ct => Execute(SiloNodeSql.Register, c =>
        {
            c.Parameters.AddWithValue("role", node.Role.ToString().ToLowerInvariant());
            c.Parameters.AddWithValue("address", (object?)node.Address ?? DBNull.Value);
            c.Parameters.AddWithValue("version", node.Version);
            c.Parameters.AddWithValue("pid", Environment.ProcessId);
        }, ct), cancellationToken);
        LogJoined(node.NodeId, node.Role);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await Execute(SiloNodeSql.Heartbeat, c =>
                {
                    c.Parameters.AddWithValue("address", (object?)node.Address ?? DBNull.Value);
                    c.Parameters.AddWithValue("running", active.Count);
                    c.Parameters.AddWithValue("completed", metrics.TurnsCompleted);
                    c.Parameters.AddWithValue("failed", metrics.TurnsFailed);
                }, stoppingToken);
                await Execute(SiloNodeSql.PruneGone, _ => { }, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogHeartbeatFailed(e);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await Execute(SiloNodeSql.Stopped, _ => { }, cancellationToken); }
        catch (Exception e) { LogHeartbeatFailed(e); }
    }

    private async Task Execute(string sql, Action<NpgsqlCommand> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("node", node.NodeId);
        parameters(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} joined the cluster as {Role}")]
    private partial void LogJoined(string nodeId, SiloRole role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat failed")]
    private partial void LogHeartbeatFailed(Exception error);
}
