using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Silo.Insights.Entities;

namespace Silo.Insights.Sync;

/// <summary>
/// <c>sync_runs</c> and <c>sync_run_entities</c>: seed 004's sync report. Each entity records its
/// outcome once per run (keyed, in the entity grain's write: <see cref="AdEntityStorage"/>) and notifies <see cref="Channel"/>
/// so a waiting sync-now wakes up.
/// </summary>
public sealed class SyncRunStore(NpgsqlDataSource database)
{
    public const string Channel = "insights_sync";

    /// <summary>
    /// The scheduled run an entity's periodic refresh belongs to: one per account and interval slot
    /// (slots on the database clock), so the entity grains of one tick report into one run.
    /// </summary>
    public async Task<Guid> ScheduledRunAsync(string accountId, string tenant, string mode, int daysBack, TimeSpan interval,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var slotCommand = new NpgsqlCommand(
            "select floor(extract(epoch from now()) / @seconds)::bigint", connection);
        slotCommand.Parameters.AddWithValue("seconds", interval.TotalSeconds);
        var slot = (long)(await slotCommand.ExecuteScalarAsync(cancellationToken))!;
        var syncId = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"scheduled|{accountId}|{interval.Ticks}|{slot}")));
        await using var insert = new NpgsqlCommand("""
            insert into sync_runs (sync_id, sync_type, mode, tenant, account_id, days_back)
            values (@id, 'scheduled', @mode, @tenant, @account, @days)
            on conflict (sync_id) do nothing
            """, connection);
        insert.Parameters.AddWithValue("id", syncId);
        insert.Parameters.AddWithValue("mode", mode);
        insert.Parameters.AddWithValue("tenant", tenant);
        insert.Parameters.AddWithValue("account", accountId);
        insert.Parameters.AddWithValue("days", daysBack);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return syncId;
    }

    /// <summary>Stores a manual run before its entities are asked to refresh (none: it is complete at once).</summary>
    public async Task CreateManualAsync(Guid syncId, string mode, string tenant, int daysBack, int expectedEntities, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            insert into sync_runs (sync_id, sync_type, mode, tenant, days_back, expected_entities, finished_at)
            values (@id, 'manual', @mode, @tenant, @days, @expected, case when @expected = 0 then now() end)
            """);
        command.Parameters.AddWithValue("id", syncId);
        command.Parameters.AddWithValue("mode", mode);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("days", daysBack);
        command.Parameters.AddWithValue("expected", expectedEntities);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An entity's outcome in a run: one row per entity and run, so writing it again changes nothing but its figures.</summary>
    internal static NpgsqlBatchCommand EntityOutcome(Guid syncId, string entityId, string entityType, string? error, int rows)
    {
        var record = new NpgsqlBatchCommand("""
            insert into sync_run_entities (sync_id, entity_id, entity_type, ok, rows, error)
            values (@id, @entity, @type, @ok, @rows, @error)
            on conflict (sync_id, entity_id) do update
               set ok = excluded.ok, rows = excluded.rows, error = excluded.error, finished_at = now()
            """);
        record.Parameters.AddWithValue("id", syncId);
        record.Parameters.AddWithValue("entity", entityId);
        record.Parameters.AddWithValue("type", entityType);
        record.Parameters.AddWithValue("ok", error is null);
        record.Parameters.AddWithValue("rows", rows);
        record.Parameters.Add(new NpgsqlParameter("error", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        return record;
    }

    /// <summary>Wakes whoever waits on the run (delivered when the transaction commits).</summary>
    internal static NpgsqlBatchCommand Notify(Guid syncId)
    {
        var notify = new NpgsqlBatchCommand("select pg_notify(@channel, @id)");
        notify.Parameters.AddWithValue("channel", Channel);
        notify.Parameters.AddWithValue("id", syncId.ToString());
        return notify;
    }

    /// <summary>Seed 004's report of one run, or null when the run does not exist (or the tenant cannot see it).</summary>
    public async Task<SyncReport?> ReportAsync(Guid syncId, string? tenant, CancellationToken cancellationToken)
    {
        var reports = await ReportsAsync("r.sync_id = @id and (@tenant::text is null or r.tenant = @tenant::text)", 1, cancellationToken,
            ("id", syncId), ("tenant", (object?)tenant ?? DBNull.Value));
        return reports.FirstOrDefault();
    }

    /// <summary>The latest run the tenant can see (null tenant: every tenant).</summary>
    public async Task<SyncReport?> LatestAsync(string? tenant, CancellationToken cancellationToken) =>
        (await ReportsAsync("(@tenant::text is null or r.tenant = @tenant::text)", 1, cancellationToken, ("tenant", (object?)tenant ?? DBNull.Value)))
        .FirstOrDefault();

    private async Task<IReadOnlyList<SyncReport>> ReportsAsync(string where, int limit, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = database.CreateCommand($$"""
            select r.sync_id, r.started_at, r.sync_type, r.mode, r.days_back, r.expected_entities,
                   coalesce(max(e.finished_at), r.finished_at, r.started_at),
                   count(e.*) filter (where e.entity_type = 'campaign'), count(e.*) filter (where e.entity_type = 'campaign' and e.ok),
                   count(e.*) filter (where e.entity_type = 'adset'), count(e.*) filter (where e.entity_type = 'adset' and e.ok),
                   count(e.*) filter (where e.entity_type = 'ad'), count(e.*) filter (where e.entity_type = 'ad' and e.ok),
                   coalesce(array_agg(e.entity_type || ' ' || e.entity_id || ': ' || e.error order by e.entity_id) filter (where not e.ok), '{}'),
                   coalesce(sum(e.rows), 0),
                   coalesce(sum(e.rows_inserted) filter (where e.entity_type = 'campaign'), 0), coalesce(sum(e.rows) filter (where e.entity_type = 'campaign'), 0),
                   coalesce(sum(e.rows_inserted) filter (where e.entity_type = 'adset'), 0), coalesce(sum(e.rows) filter (where e.entity_type = 'adset'), 0),
                   coalesce(sum(e.rows_inserted) filter (where e.entity_type = 'ad'), 0), coalesce(sum(e.rows) filter (where e.entity_type = 'ad'), 0)
              from sync_runs r left join sync_run_entities e on e.sync_id = r.sync_id
             where {{where}}
             group by r.sync_id
             order by r.started_at desc
             limit {{limit}}
            """);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(value is DBNull ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = value } : new NpgsqlParameter(name, value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reports = new List<SyncReport>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var campaigns = Counts(reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(15), reader.GetInt64(16));
            var adsets = Counts(reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(17), reader.GetInt64(18));
            var ads = Counts(reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(19), reader.GetInt64(20));
            var processed = campaigns.Processed + adsets.Processed + ads.Processed;
            int? expected = reader.IsDBNull(5) ? null : reader.GetInt32(5);
            var errors = reader.GetFieldValue<string[]>(13);
            var started = reader.GetFieldValue<DateTimeOffset>(1);
            reports.Add(new SyncReport(reader.GetGuid(0), started, reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                campaigns, adsets, ads, Math.Round((reader.GetFieldValue<DateTimeOffset>(6) - started).TotalSeconds, 3),
                errors.Length == 0, errors, expected is null || processed >= expected ? "completed" : "running", expected,
                reader.GetInt64(14)));
        }
        return reports;
    }

    private static EntityCounts Counts(long processed, long success, long inserted, long rows) =>
        new((int)processed, (int)success, (int)(processed - success), inserted, rows - inserted);
}
