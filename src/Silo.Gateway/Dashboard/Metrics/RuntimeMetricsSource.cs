using Npgsql;
using Silo.Runtime.Execution;
using Silo.Runtime.Hosting;
using Silo.Runtime.Metrics;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// The runtime's samples: this node's counters (labelled by node and grain type; each node is its
/// own scrape target, so counters only ever come from the process that counts them) and the
/// cluster's queue gauges read from the database (labelled by grain type; every node reports the
/// same values, so aggregate them with max, not sum).
/// </summary>
internal sealed class RuntimeMetricsSource(RuntimeMetrics runtime, SiloNode node, NpgsqlDataSource database) : IMetricsSource
{
    private const string Gauges = """
        select grain_type,
               count(*) filter (where processed_at is null and parked_at is null),
               count(*) filter (where parked_at is not null),
               0::bigint
          from grain_inbox where processed_at is null group by grain_type
        union all
        select grain_type, 0, 0, count(*) from grain_reminders where parked_at is null and due_at <= now() group by grain_type
        """;

    private const string Nodes = """
        select case when stopped_at is not null then 'stopped'
                    when last_heartbeat_at < now() - interval '30 seconds' then 'dead'
                    else 'alive' end, count(*)
          from silo_nodes group by 1
        """;

    public async Task CollectAsync(MetricsBuilder metrics, CancellationToken cancellationToken)
    {
        var id = node.NodeId;
        metrics.Declare("silo_turns_total", "Turns this node completed, by grain type.", "counter");
        metrics.Declare("silo_turn_failures_total", "Turns that threw on this node, by grain type.", "counter");
        metrics.Declare("silo_messages_parked_total", "Messages this node parked after their last attempt, by grain type.", "counter");
        foreach (var (type, counters) in runtime.ByGrainType.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            metrics.Counter("silo_turns_total", "", counters.TurnsCompleted, ("node", id), ("grain_type", type));
            metrics.Counter("silo_turn_failures_total", "", counters.TurnsFailed, ("node", id), ("grain_type", type));
            metrics.Counter("silo_messages_parked_total", "", counters.MessagesParked, ("node", id), ("grain_type", type));
        }
        metrics.Counter("silo_lease_recoveries_total", "Expired leases of other nodes this node took over.", runtime.LeaseRecoveries, ("node", id));
        metrics.Counter("silo_leases_lost_total", "Turns whose commit was refused because this node's lease had moved on.", runtime.LeasesLost, ("node", id));

        var queues = new SortedDictionary<string, (long Pending, long Parked, long Due)>(StringComparer.Ordinal);
        await using (var command = database.CreateCommand(Gauges))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var type = reader.GetString(0);
                var (pending, parked, due) = queues.GetValueOrDefault(type);
                queues[type] = (pending + reader.GetInt64(1), parked + reader.GetInt64(2), due + reader.GetInt64(3));
            }
        }
        metrics.Declare("silo_inbox_pending", "Messages waiting in inboxes (cluster-wide), by grain type.", "gauge");
        metrics.Declare("silo_parked_messages", "Messages parked after their last attempt (cluster-wide), by grain type.", "gauge");
        metrics.Declare("silo_reminders_due", "Reminders due now or late (cluster-wide), by grain type.", "gauge");
        foreach (var (type, (pending, parked, due)) in queues)
        {
            metrics.Gauge("silo_inbox_pending", "", pending, ("grain_type", type));
            metrics.Gauge("silo_parked_messages", "", parked, ("grain_type", type));
            metrics.Gauge("silo_reminders_due", "", due, ("grain_type", type));
        }

        var states = new Dictionary<string, long> { ["alive"] = 0, ["dead"] = 0, ["stopped"] = 0 };
        await using (var command = database.CreateCommand(Nodes))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                states[reader.GetString(0)] = reader.GetInt64(1);
        foreach (var (state, count) in states)
            metrics.Gauge("silo_nodes", "Nodes in the membership table, by status.", count, ("status", state));
    }
}
