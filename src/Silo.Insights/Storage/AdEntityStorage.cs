using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;
using Silo.Insights.Entities;

namespace Silo.Insights.Storage;

/// <summary>
/// The entity grains' state in their <c>ad_entities</c> rows (listed there by their account's
/// discovery). A write updates the grain's own columns only from the version its activation read
/// (first statement) and, in the same transaction, stores the refresh it completes: the insight
/// rows, its outcome in each waiting sync run, an alert it raises, and the notifications that wake
/// a waiting sync-now (delivered on commit). A stale activation therefore stores none of it.
/// </summary>
internal sealed class AdEntityStorage(NpgsqlDataSource database) : RelationalGrainStorage<AdEntityState>(database)
{
    protected override async Task<(AdEntityState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select account_id, campaign_id, adset_id, status, refresh_period, last_synced_at, last_error, last_days_back,
                   consecutive_failures, pending::text, version
              from ad_entities where entity_id = @id
            """, connection);
        command.Parameters.AddWithValue("id", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new AdEntityState
        {
            AccountId = reader.GetString(0),
            CampaignId = reader.GetString(1),
            AdSetId = reader.IsDBNull(2) ? null : reader.GetString(2),
            Active = reader.GetString(3) == "ACTIVE",
            RefreshPeriod = reader.IsDBNull(4) ? null : reader.GetFieldValue<TimeSpan>(4),
            LastSuccessAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            LastError = reader.IsDBNull(6) ? null : reader.GetString(6),
            LastDaysBack = reader.GetInt32(7),
            ConsecutiveFailures = reader.GetInt32(8),
            Pending = reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<PendingRefresh>(reader.GetString(9)),
        };
        return (state, reader.GetInt64(10));
    }

    protected override bool AddWrites(NpgsqlBatch batch, string key, AdEntityState state, long expectedVersion)
    {
        // An update, never an insert: a grain exists for an entity its account listed.
        var row = new NpgsqlBatchCommand("""
            update ad_entities
               set refresh_period = @period, last_synced_at = @last_success, last_error = @error, last_days_back = @days,
                   consecutive_failures = @failures, pending = @pending::jsonb, version = @expected + 1, updated_at = now()
             where entity_id = @id and version = @expected
            """);
        row.Parameters.AddWithValue("id", key);
        row.Parameters.Add(new NpgsqlParameter("period", NpgsqlDbType.Interval) { Value = (object?)state.RefreshPeriod ?? DBNull.Value });
        row.Parameters.Add(new NpgsqlParameter("last_success", NpgsqlDbType.TimestampTz) { Value = (object?)state.LastSuccessAt ?? DBNull.Value });
        row.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)state.LastError ?? DBNull.Value });
        row.Parameters.AddWithValue("days", state.LastDaysBack);
        row.Parameters.AddWithValue("failures", state.ConsecutiveFailures);
        row.Parameters.Add(new NpgsqlParameter("pending", NpgsqlDbType.Text)
        {
            Value = state.Pending is null ? DBNull.Value : JsonSerializer.Serialize(state.Pending),
        });
        row.Parameters.AddWithValue("expected", expectedVersion);
        batch.BatchCommands.Add(row);

        if (state.Completion is { } done)
        {
            if (done.Rows.Count > 0)
                batch.BatchCommands.Add(InsightRowWriter.CommandWithOutcomes(done.Rows, done.SyncIds, key, done.EntityType, done.Error));
            foreach (var syncId in done.SyncIds)
            {
                if (done.Rows.Count == 0) batch.BatchCommands.Add(SyncRunStore.EntityOutcome(syncId, key, done.EntityType, done.Error, 0));
                batch.BatchCommands.Add(SyncRunStore.Notify(syncId));
            }
            if (done.Alert is { } alert)
                batch.BatchCommands.Add(AdAccountStore.Command(AdAccountStore.RaiseAlertSql,
                    ("account", alert.AccountId), ("kind", alert.Kind), ("message", alert.Message)));
        }
        return true;
    }

    protected override void OnWritten(AdEntityState state) => state.Completion = null;
}
