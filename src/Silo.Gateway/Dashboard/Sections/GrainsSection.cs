using Npgsql;
using Silo.Runtime.Execution;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// The Grains section: per grain type, how many grains are running, waiting or idle; their inbox
/// (pending, retrying, parked, handled in the last minute); their reminders (due, overdue, next);
/// this node's turn counters; and the latest errors.
/// </summary>
internal sealed class GrainsSection(RuntimeMetrics runtime) : IDashboardSection
{
    // "Overdue" means late by more than a minute: a reminder due a moment ago is normal on a busy node.
    private const string Sql = """
        with g as (
            select grain_type,
                   count(*) as grains,
                   count(*) filter (where lease_owner is not null and lease_expires_at > now()) as running,
                   count(*) filter (where next_run_at <= now() and not (lease_owner is not null and lease_expires_at > now())) as runnable,
                   count(*) filter (where next_run_at > now()) as scheduled,
                   count(*) filter (where next_run_at is null) as idle
              from grains group by grain_type),
        i as (
            select grain_type,
                   count(*) filter (where processed_at is null and parked_at is null) as pending,
                   count(*) filter (where processed_at is null and parked_at is null and attempts > 0) as retrying,
                   count(*) filter (where parked_at is not null) as parked,
                   count(*) filter (where processed_at > now() - interval '1 minute') as handled_last_minute
              from grain_inbox
             where processed_at is null or processed_at > now() - interval '1 minute'
             group by grain_type),
        r as (
            select grain_type,
                   count(*) filter (where due_at <= now() and parked_at is null) as reminders_due,
                   count(*) filter (where due_at < now() - interval '1 minute' and parked_at is null) as reminders_overdue,
                   min(due_at) filter (where due_at > now() and parked_at is null) as next_reminder_at,
                   count(*) as reminders
              from grain_reminders group by grain_type)
        select coalesce(g.grain_type, i.grain_type, r.grain_type) as grain_type,
               coalesce(g.grains, 0) as grains, coalesce(g.running, 0) as running, coalesce(g.runnable, 0) as runnable,
               coalesce(g.scheduled, 0) as scheduled, coalesce(g.idle, 0) as idle,
               coalesce(i.pending, 0) as pending, coalesce(i.retrying, 0) as retrying, coalesce(i.parked, 0) as parked,
               coalesce(i.handled_last_minute, 0) as handled_last_minute,
               coalesce(r.reminders, 0) as reminders, coalesce(r.reminders_due, 0) as reminders_due,
               coalesce(r.reminders_overdue, 0) as reminders_overdue, r.next_reminder_at
          from g full join i using (grain_type) full join r using (grain_type)
         order by 1
        """;

    private const string NextRemindersSql = """
        select grain_type || '/' || grain_key as grain_id, name, due_at, extract(epoch from period)::float8 as period_seconds, attempts, last_error
          from grain_reminders where parked_at is null order by due_at limit 8
        """;

    private const string RecentErrorsSql = """
        select grain_type || '/' || grain_key as grain_id, message_type, message_id, attempts, last_error,
               parked_at is not null as parked, coalesce(parked_at, visible_at) as at
          from grain_inbox
         where last_error is not null and processed_at is null
         order by coalesce(parked_at, visible_at) desc limit 10
        """;

    public string Name => "grains";
    public TimeSpan MaxAge => TimeSpan.Zero;

    public async Task<object> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var types = await SqlRows.ReadAsync(connection, Sql, cancellationToken);
        var local = runtime.ByGrainType;
        foreach (var row in types)
        {
            var counters = local.GetValueOrDefault((string)row["grain_type"]!);
            row["handled_per_second"] = Math.Round(Convert.ToDouble(row["handled_last_minute"]) / 60, 2);
            row["node_turns"] = counters?.TurnsCompleted ?? 0;
            row["node_failures"] = counters?.TurnsFailed ?? 0;
            row["node_parked"] = counters?.MessagesParked ?? 0;
        }
        return new Dictionary<string, object?>
        {
            ["types"] = types,
            ["next_reminders"] = await SqlRows.ReadAsync(connection, NextRemindersSql, cancellationToken),
            ["recent_errors"] = await SqlRows.ReadAsync(connection, RecentErrorsSql, cancellationToken),
        };
    }
}
