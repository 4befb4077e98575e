using System.Text.Json.Nodes;
using Npgsql;
using Silo.Runtime.Grains;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// One grain as a person investigates it: its row (lease, fence, next run), current state, reminders,
/// and a timeline rebuilt from its inbox (messages received, handled, failed, parked) and reminders.
/// The inbox keeps handled messages for the retention window (7 days by default), so the timeline
/// reaches back that far without the runtime writing a second log on every turn.
/// </summary>
internal static class GrainTimeline
{
    private const string GrainSql = """
        select fence, lease_owner, lease_expires_at, next_run_at, created_at, updated_at, state::text as state
          from grains where grain_type = @type and grain_key = @key
        """;

    private const string EventsSql = """
        select * from (
            select enqueued_at as at, 'message' as kind, message_type || ' ' || message_id as what, payload::text as detail
              from grain_inbox where grain_type = @type and grain_key = @key
            union all
            select processed_at, 'handled', message_type || ' ' || message_id, 'after ' || attempts || ' attempt(s)'
              from grain_inbox where grain_type = @type and grain_key = @key and processed_at is not null
            union all
            select coalesce(parked_at, visible_at), case when parked_at is not null then 'parked' else 'error' end,
                   message_type || ' ' || message_id, 'attempt ' || attempts || ': ' || last_error
              from grain_inbox where grain_type = @type and grain_key = @key and last_error is not null and processed_at is null
            union all
            select updated_at, case when last_error is not null then 'error' else 'reminder' end, 'reminder ' || name,
                   coalesce('attempt ' || attempts || ': ' || last_error, 'next due ' || to_char(due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC')
              from grain_reminders where grain_type = @type and grain_key = @key
            union all
            select updated_at, 'state', 'last committed turn', 'fence ' || fence
              from grains where grain_type = @type and grain_key = @key
        ) e order by at desc limit 200
        """;

    private const string RemindersSql = """
        select name, due_at, extract(epoch from period)::float8 as period_seconds, attempts, last_error, parked_at
          from grain_reminders where grain_type = @type and grain_key = @key order by due_at
        """;

    /// <summary>Returns null when no such grain has ever been addressed.</summary>
    public static async Task<Dictionary<string, object?>?> ReadAsync(NpgsqlConnection connection, GrainId id, CancellationToken cancellationToken)
    {
        (string, object)[] parameters = [("type", id.Type), ("key", id.Key)];
        var grain = await SqlRows.ReadOneAsync(connection, GrainSql, cancellationToken, parameters);
        if (grain.Count == 0) return null;
        grain["state"] = grain["state"] is string json ? JsonNode.Parse(json) : null;
        grain["grain_id"] = id.ToString();
        grain["reminders"] = await SqlRows.ReadAsync(connection, RemindersSql, cancellationToken, parameters);
        grain["timeline"] = await SqlRows.ReadAsync(connection, EventsSql, cancellationToken, parameters);
        return grain;
    }
}
