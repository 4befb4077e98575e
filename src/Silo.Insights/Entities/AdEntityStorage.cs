using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;
using Silo.Insights.Creatives;

namespace Silo.Insights.Entities;

/// <summary>
/// The entity grains' state in their <c>ad_entities</c> rows (listed there by their account's
/// discovery). A write updates the grain's own columns only from the version its activation read
/// (first statement) and, in the same transaction, stores what the state holds for that write: the
/// refresh the grain completed (<see cref="RefreshCompletionRows"/>) and an ad's creative with the
/// files it archived (<see cref="CreativeRows"/>). A stale activation therefore stores none of it.
/// </summary>
internal sealed class AdEntityStorage(NpgsqlDataSource database) : RelationalGrainStorage<AdEntityState>(database)
{
    protected override async Task<(AdEntityState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select e.account_id, e.campaign_id, e.adset_id, e.status, e.refresh_period, e.last_synced_at, e.last_error, e.last_days_back,
                   e.consecutive_failures, e.pending::text, e.version,
                   c.creative_id, c.status, c.attempts, c.next_attempt_at, c.error,
                   array(select f.sha256 from ad_creative_files f where f.ad_id = e.entity_id
                         union select f.preview_sha256 from ad_creative_files f where f.ad_id = e.entity_id and f.preview_sha256 is not null)
              from ad_entities e left join ad_creatives c on c.ad_id = e.entity_id
             where e.entity_id = @id
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
            Creative = reader.IsDBNull(11) ? null : new CreativeProgress
            {
                CreativeId = reader.GetString(11), Status = reader.GetString(12), Attempts = reader.GetInt32(13),
                NextAttemptAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
                Error = reader.IsDBNull(15) ? null : reader.GetString(15),
                FileHashes = reader.GetFieldValue<string[]>(16),
            },
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
            foreach (var command in RefreshCompletionRows.Commands(key, done))
                batch.BatchCommands.Add(command);
        if (state.Creative is { Changed: true } creative)
            foreach (var command in CreativeRows.Commands(key, creative))
                batch.BatchCommands.Add(command);
        return true;
    }

    protected override void OnWritten(AdEntityState state) => state.Stored();
}
