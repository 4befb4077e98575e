namespace Silo.Runtime;

/// <summary>SQL on the <c>silo_nodes</c> table.</summary>
internal static class SiloNodeSql
{
    public const string Register = """
        insert into silo_nodes (node_id, role, address, version, process_id)
        values (@node, @role, @address, @version, @pid)
        on conflict (node_id) do update set last_heartbeat_at = now(), stopped_at = null
        """;

    public const string Heartbeat = """
        update silo_nodes
           set last_heartbeat_at = now(), address = @address, running_turns = @running,
               turns_completed = @completed, turns_failed = @failed
         where node_id = @node
        """;

    public const string Stopped =
        "update silo_nodes set stopped_at = now(), running_turns = 0, last_heartbeat_at = now() where node_id = @node";

    /// <summary>Nodes silent for an hour are gone: their row only clutters the dashboard.</summary>
    public const string PruneGone = "delete from silo_nodes where last_heartbeat_at < now() - interval '1 hour'";
}
