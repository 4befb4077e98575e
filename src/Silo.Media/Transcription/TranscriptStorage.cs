using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;

namespace Silo.Media.Transcription;

/// <summary>Keeps <see cref="TranscriptState"/> in <c>transcripts</c>, checked against its <c>version</c> (the ETag).</summary>
public sealed class TranscriptStorage(NpgsqlDataSource database) : RelationalGrainStorage<TranscriptState>(database)
{
    /// <summary>The provider name transcript grains store their state under.</summary>
    public const string Name = "transcripts";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task<(TranscriptState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TranscriptSql.Read, connection) { Parameters = { new("id", key) } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new TranscriptState
        {
            Exists = true,
            StorageKey = reader.GetString(0), MimeType = reader.GetString(1), Size = reader.GetInt64(2),
            DurationSeconds = reader.IsDBNull(3) ? null : reader.GetDouble(3), HasSound = reader.GetBoolean(4), Status = reader.GetString(5),
            FailuresInRow = reader.GetInt32(6), Calls = reader.GetInt32(7), ErrorType = Text(reader, 8), Error = Text(reader, 9),
            NextRetryAt = Time(reader, 10), Plan = Text(reader, 11),
            Parts = PartsOf(reader.GetString(12)),
            Model = Text(reader, 13), Language = Text(reader, 14), Text = Text(reader, 15), TextKey = Text(reader, 16), TextUrl = Text(reader, 17),
            VttKey = Text(reader, 18), VttUrl = Text(reader, 19), RequestedAt = reader.GetFieldValue<DateTimeOffset>(20), FinishedAt = Time(reader, 21),
            Backend = Text(reader, 23), TextBytes = Long(reader, 24), VttBytes = Long(reader, 25),
        };
        return (state, reader.GetInt64(22));
    }

    /// <summary>The parts as stored in <c>transcripts.parts</c> (also read by the integrity scrub, to render the files they make).</summary>
    internal static List<TranscriptPart> PartsOf(string json) => JsonSerializer.Deserialize<List<TranscriptPart>>(json, Json) ?? [];

    protected override GrainWrite? Write(string key, TranscriptState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        var command = new NpgsqlBatchCommand(TranscriptSql.Upsert);
        void Add(string name, object? value, NpgsqlDbType type) => command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        Add("id", key, NpgsqlDbType.Text);
        Add("storage_key", state.StorageKey, NpgsqlDbType.Text);
        Add("mime_type", state.MimeType, NpgsqlDbType.Text);
        Add("size", state.Size, NpgsqlDbType.Bigint);
        Add("duration", state.DurationSeconds, NpgsqlDbType.Double);
        Add("has_sound", state.HasSound, NpgsqlDbType.Boolean);
        Add("status", state.Status, NpgsqlDbType.Text);
        Add("failures_in_row", state.FailuresInRow, NpgsqlDbType.Integer);
        Add("calls", state.Calls, NpgsqlDbType.Integer);
        Add("error_type", state.ErrorType, NpgsqlDbType.Text);
        Add("error", state.Error, NpgsqlDbType.Text);
        Add("next_retry_at", state.NextRetryAt, NpgsqlDbType.TimestampTz);
        Add("plan", state.Plan, NpgsqlDbType.Text);
        Add("parts", JsonSerializer.Serialize(state.Parts, Json), NpgsqlDbType.Jsonb);
        Add("model", state.Model, NpgsqlDbType.Text);
        Add("language", state.Language, NpgsqlDbType.Text);
        Add("text", state.Text, NpgsqlDbType.Text);
        Add("text_key", state.TextKey, NpgsqlDbType.Text);
        Add("text_url", state.TextUrl, NpgsqlDbType.Text);
        Add("vtt_key", state.VttKey, NpgsqlDbType.Text);
        Add("vtt_url", state.VttUrl, NpgsqlDbType.Text);
        Add("requested_at", state.RequestedAt, NpgsqlDbType.TimestampTz);
        Add("finished_at", state.FinishedAt, NpgsqlDbType.TimestampTz);
        Add("backend", state.Backend, NpgsqlDbType.Text);
        Add("text_bytes", state.TextBytes, NpgsqlDbType.Bigint);
        Add("vtt_bytes", state.VttBytes, NpgsqlDbType.Bigint);
        Add("expected_version", expectedVersion, NpgsqlDbType.Bigint);
        var write = new GrainWrite(command);
        return write;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static long? Long(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
