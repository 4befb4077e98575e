using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;

namespace Silo.Media.Export;

/// <summary>Keeps <see cref="ExportState"/> in <c>media_exports</c>, checked against its <c>version</c>.</summary>
public sealed class ExportStorage(NpgsqlDataSource database) : RelationalGrainStorage<ExportState>(database)
{
    /// <summary>The provider name export grains store their state under.</summary>
    public const string Name = "media-exports";

    protected override async Task<(ExportState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ExportSql.Read, connection) { Parameters = { new("id", key) } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new ExportState
        {
            Exists = true, Tenant = reader.GetString(0), Source = Text(reader, 1), From = Time(reader, 2), To = Time(reader, 3),
            RequestedBy = reader.GetString(4), Status = reader.GetString(5), Cursor = Text(reader, 6), Segments = reader.GetInt32(7),
            PostsFound = reader.GetInt32(8), PostsWritten = reader.GetInt32(9), FilesWritten = reader.GetInt64(10), ArchiveBytes = reader.GetInt64(11),
            FailuresInRow = reader.GetInt32(12), NotBefore = Time(reader, 13), LastError = Text(reader, 14),
            StartedAt = reader.GetFieldValue<DateTimeOffset>(15), FinishedAt = Time(reader, 16), ExpiredAt = Time(reader, 17),
        };
        return (state, reader.GetInt64(18));
    }

    protected override GrainWrite? Write(string key, ExportState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        var row = new NpgsqlBatchCommand(ExportSql.Upsert);
        void Add(string name, object? value, NpgsqlDbType type) => row.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        Add("id", key, NpgsqlDbType.Text);
        Add("tenant", state.Tenant, NpgsqlDbType.Text);
        Add("source", state.Source, NpgsqlDbType.Text);
        Add("from_at", state.From, NpgsqlDbType.TimestampTz);
        Add("to_at", state.To, NpgsqlDbType.TimestampTz);
        Add("requested_by", state.RequestedBy, NpgsqlDbType.Text);
        Add("status", state.Status, NpgsqlDbType.Text);
        Add("cursor_after", state.Cursor, NpgsqlDbType.Text);
        Add("segments", state.Segments, NpgsqlDbType.Integer);
        Add("posts_found", state.PostsFound, NpgsqlDbType.Integer);
        Add("posts_written", state.PostsWritten, NpgsqlDbType.Integer);
        Add("files_written", state.FilesWritten, NpgsqlDbType.Bigint);
        Add("archive_bytes", state.ArchiveBytes, NpgsqlDbType.Bigint);
        Add("failures_in_row", state.FailuresInRow, NpgsqlDbType.Integer);
        Add("not_before", state.NotBefore, NpgsqlDbType.TimestampTz);
        Add("last_error", state.LastError, NpgsqlDbType.Text);
        Add("started_at", state.StartedAt, NpgsqlDbType.TimestampTz);
        Add("finished_at", state.FinishedAt, NpgsqlDbType.TimestampTz);
        Add("expired_at", state.ExpiredAt, NpgsqlDbType.TimestampTz);
        Add("expected_version", expectedVersion, NpgsqlDbType.Bigint);
        return new GrainWrite(row);
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
