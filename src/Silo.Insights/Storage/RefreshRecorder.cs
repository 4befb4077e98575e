using Npgsql;
using NpgsqlTypes;
using Silo.Insights.Meta;

namespace Silo.Insights.Storage;

/// <summary>
/// Stores the end of one entity refresh in a single round trip: its rows (upserted), its outcome in
/// each waiting sync run, its <c>ad_entities</c> status and the notifications that wake a waiting
/// sync-now. Every statement is idempotent, so a turn that runs again repeats it harmlessly.
/// </summary>
public sealed class RefreshRecorder(NpgsqlDataSource database)
{
    public async Task CompleteAsync(AdEntityRef entity, IReadOnlyList<Guid> syncIds, IReadOnlyList<InsightRow> rows, string? error,
        CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        if (rows.Count > 0) batch.BatchCommands.Add(InsightRowWriter.Command(rows));
        foreach (var syncId in syncIds)
        {
            var record = new NpgsqlBatchCommand("""
                insert into sync_run_entities (sync_id, entity_id, entity_type, ok, rows, error)
                values (@id, @entity, @type, @ok, @rows, @error)
                on conflict (sync_id, entity_id) do update
                   set ok = excluded.ok, rows = excluded.rows, error = excluded.error, finished_at = now()
                """);
            record.Parameters.AddWithValue("id", syncId);
            record.Parameters.AddWithValue("entity", entity.EntityId);
            record.Parameters.AddWithValue("type", entity.EntityType);
            record.Parameters.AddWithValue("ok", error is null);
            record.Parameters.AddWithValue("rows", rows.Count);
            record.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
            batch.BatchCommands.Add(record);
            var notify = new NpgsqlBatchCommand("select pg_notify(@channel, @id)");
            notify.Parameters.AddWithValue("channel", SyncRunStore.Channel);
            notify.Parameters.AddWithValue("id", syncId.ToString());
            batch.BatchCommands.Add(notify);
        }
        var mark = new NpgsqlBatchCommand("""
            update ad_entities
               set last_synced_at = case when @error::text is null then now() else last_synced_at end,
                   last_error = @error::text, updated_at = now()
             where entity_id = @id
            """);
        mark.Parameters.AddWithValue("id", entity.EntityId);
        mark.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        batch.BatchCommands.Add(mark);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
