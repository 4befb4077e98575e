using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;

namespace Silo.Media.Transcription.Backfill;

/// <summary>
/// Keeps <see cref="TranscriptBackfillState"/> in <c>transcript_backfills</c> (checked against its <c>version</c>) and the
/// files each step handed on in <c>transcript_backfill_files</c>, in one transaction per write.
/// </summary>
public sealed class TranscriptBackfillStorage(NpgsqlDataSource database) : RelationalGrainStorage<TranscriptBackfillState>(database)
{
    /// <summary>The provider name transcript backfill grains store their state under.</summary>
    public const string Name = "transcript-backfills";

    protected override async Task<(TranscriptBackfillState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TranscriptBackfillSql.Read, connection) { Parameters = { new("id", key) } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new TranscriptBackfillState
        {
            Exists = true, Run = reader.GetInt32(0), Status = reader.GetString(1), Cursor = reader.IsDBNull(2) ? null : reader.GetString(2),
            FilesFound = reader.GetInt32(3), FilesHanded = reader.GetInt32(4), FailuresInRow = reader.GetInt32(5), NotBefore = Time(reader, 6),
            LastError = reader.IsDBNull(7) ? null : reader.GetString(7), StartedAt = reader.GetFieldValue<DateTimeOffset>(8), FinishedAt = Time(reader, 9),
        };
        return (state, reader.GetInt64(10));
    }

    protected override GrainWrite? Write(string key, TranscriptBackfillState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        var (tenant, source) = TranscriptBackfillIds.Parse(key);
        var row = new NpgsqlBatchCommand(TranscriptBackfillSql.Upsert);
        void Add(string name, object? value, NpgsqlDbType type) => row.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        Add("id", key, NpgsqlDbType.Text);
        Add("tenant", tenant, NpgsqlDbType.Text);
        Add("source", source, NpgsqlDbType.Text);
        Add("run", state.Run, NpgsqlDbType.Integer);
        Add("status", state.Status, NpgsqlDbType.Text);
        Add("cursor_after", state.Cursor, NpgsqlDbType.Text);
        Add("files_found", state.FilesFound, NpgsqlDbType.Integer);
        Add("files_handed", state.FilesHanded, NpgsqlDbType.Integer);
        Add("failures_in_row", state.FailuresInRow, NpgsqlDbType.Integer);
        Add("not_before", state.NotBefore, NpgsqlDbType.TimestampTz);
        Add("last_error", state.LastError, NpgsqlDbType.Text);
        Add("started_at", state.StartedAt, NpgsqlDbType.TimestampTz);
        Add("finished_at", state.FinishedAt, NpgsqlDbType.TimestampTz);
        Add("expected_version", expectedVersion, NpgsqlDbType.Bigint);
        var write = new GrainWrite(row);
        if (state.HandedFiles.Count > 0)
        {
            var files = new NpgsqlBatchCommand(TranscriptBackfillSql.FilesInsert);
            files.Parameters.AddWithValue("id", key);
            files.Parameters.AddWithValue("run", state.Run);
            files.Parameters.Add(new NpgsqlParameter("sha256s", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = state.HandedFiles.ToArray() });
            write.With.Add(files);
        }
        return write;
    }

    protected override void OnWritten(TranscriptBackfillState state) => state.HandedFiles = [];

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
