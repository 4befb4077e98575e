using Microsoft.Extensions.Options;
using Npgsql;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>The Cluster section: every node with its heartbeat, running turns and turn rate, and the cluster's rate over time.</summary>
internal sealed class ClusterSection(NodeRates rates, DashboardHistory history, IOptions<DashboardOptions> options, TimeProvider time)
    : IDashboardSection
{
    private const string Sql = """
        select node_id, role, address, version, started_at, last_heartbeat_at, stopped_at,
               case when stopped_at is not null then 'stopped'
                    when last_heartbeat_at < now() - @dead_after then 'dead'
                    else 'alive' end as status,
               running_turns, turns_completed, turns_failed, now() as db_now
          from silo_nodes order by started_at, node_id
        """;

    public string Name => "cluster";
    public TimeSpan MaxAge => TimeSpan.Zero;

    /// <summary>The over-time plots' points so far.</summary>
    public IReadOnlyList<HistoryPoint> History => history.Points;

    public async Task<object> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var nodes = new List<NodeRow>();
        await using (var command = new NpgsqlCommand(Sql, connection))
        {
            command.Parameters.AddWithValue("dead_after", options.Value.DeadAfter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                var heartbeat = reader.GetFieldValue<DateTimeOffset>(5);
                var status = reader.GetString(7);
                var rate = rates.Observe(id, heartbeat, reader.GetInt64(9), reader.GetInt64(10));
                if (status != "alive") rate = default;
                nodes.Add(new NodeRow(id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4), heartbeat, reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                    status, reader.GetInt32(8), reader.GetInt64(9), reader.GetInt64(10), Math.Round(rate.TurnsPerSecond, 2),
                    Math.Round(rate.FailuresPerSecond, 2), Math.Round((reader.GetFieldValue<DateTimeOffset>(11) - heartbeat).TotalSeconds, 1)));
            }
        }
        rates.Retain(nodes.Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal));
        return new ClusterView(time.GetUtcNow(), nodes, nodes.Count(n => n.Status == "alive"), nodes.Sum(n => n.TurnsPerSecond),
            nodes.Sum(n => n.FailuresPerSecond), history.Points);
    }

    /// <summary>Adds the cluster's current rate to the over-time plots.</summary>
    public void Record(ClusterView view)
    {
        var total = view.TurnsPerSecond + view.FailuresPerSecond;
        history.Add(new HistoryPoint(view.At, Math.Round(view.TurnsPerSecond, 2), Math.Round(view.FailuresPerSecond, 2),
            total > 0 ? Math.Round(view.FailuresPerSecond / total, 4) : 0));
    }
}

/// <summary>The Cluster section as the page receives it.</summary>
internal sealed record ClusterView(DateTimeOffset At, IReadOnlyList<NodeRow> Nodes, int AliveNodes, double TurnsPerSecond,
    double FailuresPerSecond, IReadOnlyList<HistoryPoint> History);

/// <summary>A node as the dashboard shows it.</summary>
internal sealed record NodeRow(string NodeId, string Role, string? Address, string Version, DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeatAt, DateTimeOffset? StoppedAt, string Status, int RunningTurns, long TurnsCompleted, long TurnsFailed,
    double TurnsPerSecond, double FailuresPerSecond, double SecondsSinceHeartbeat);
