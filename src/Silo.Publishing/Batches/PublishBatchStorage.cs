using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;

namespace Silo.Publishing.Batches;

/// <summary>
/// Keeps a batch grain's state in <c>publish_batches</c> and <c>publish_batch_clips</c> and appends its
/// events to <c>publish_batch_events</c>, all in one transaction checked against the batch row's version.
/// </summary>
public sealed class PublishBatchStorage(NpgsqlDataSource database) : RelationalGrainStorage<PublishBatchState>(database)
{
    /// <summary>The provider name the grain's <c>[PersistentState]</c> names.</summary>
    public const string Name = "publish-batches";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task<(PublishBatchState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key,
        CancellationToken cancellationToken)
    {
        PublishBatchState state;
        long version;
        await using (var command = new NpgsqlCommand(PublishBatchSql.BatchSelect, connection))
        {
            command.Parameters.AddWithValue("batch_id", key);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            if (!await r.ReadAsync(cancellationToken)) return null;
            state = new PublishBatchState
            {
                BatchId = r.GetString(0), UserId = r.GetString(1), AccountId = r.GetString(2), Mode = r.GetString(3),
                Status = r.GetString(4), StopOnFailure = r.GetBoolean(5), PublishedClips = r.GetInt32(6), FailedClips = r.GetInt32(7),
                CurrentClipIndex = r.GetInt32(8), ScheduledFor = Nullable<DateTimeOffset>(r, 9), Error = r.IsDBNull(10) ? null : r.GetString(10),
                StartedAt = Nullable<DateTimeOffset>(r, 11), CompletedAt = Nullable<DateTimeOffset>(r, 12), LastEventSeq = r.GetInt64(13),
                Tenant = r.GetString(15), IdempotencyKey = r.IsDBNull(16) ? null : r.GetString(16), RequestHash = r.GetFieldValue<byte[]>(17),
                CreatedAt = r.GetFieldValue<DateTimeOffset>(18), NextStepAt = Nullable<DateTimeOffset>(r, 19),
            };
            version = r.GetInt64(14);
        }
        await using (var command = new NpgsqlCommand(PublishBatchSql.ClipsSelect, connection))
        {
            command.Parameters.AddWithValue("batch_id", key);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
                state.Clips.Add(new ClipState
                {
                    Index = r.GetInt32(0), Url = r.GetString(1), Title = r.GetString(2), IdempotencyKey = r.GetString(3), Status = r.GetString(4),
                    MetricoolPostId = r.IsDBNull(5) ? null : r.GetInt64(5), FacebookPostId = r.IsDBNull(6) ? null : r.GetString(6),
                    Error = r.IsDBNull(7) ? null : r.GetString(7), Attempts = r.GetInt32(8), ConfirmationTries = r.GetInt32(9),
                    LookupTries = r.GetInt32(10), CreateIfMissing = r.GetBoolean(11), ScheduledAt = Nullable<DateTimeOffset>(r, 12),
                    UploadStartedAt = Nullable<DateTimeOffset>(r, 13), UploadedAt = Nullable<DateTimeOffset>(r, 14),
                    PublishedAt = Nullable<DateTimeOffset>(r, 15),
                });
        }
        return (state, version);
    }

    protected override GrainWrite? Write(string key, PublishBatchState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        var write = new GrainWrite(expectedVersion == 0 ? BatchInsert(state) : BatchUpdate(state, expectedVersion));
        if (expectedVersion == 0) write.With.Add(ClipsInsert(state));
        write.With.Add(ClipsUpdate(state));
        if (state.NewEvents.Count > 0)
        {
            var events = new NpgsqlBatchCommand(PublishBatchSql.EventsInsert);
            events.Parameters.AddWithValue("batch_id", state.BatchId!);
            events.Parameters.AddWithValue("seqs", state.NewEvents.Select(e => e.Seq).ToArray());
            events.Parameters.AddWithValue("events", NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                state.NewEvents.Select(e => JsonSerializer.Serialize(e, Json)).ToArray());
            write.With.Add(events);
        }
        return write;
    }

    protected override void OnWritten(PublishBatchState state) => state.NewEvents.Clear();

    private static NpgsqlBatchCommand BatchInsert(PublishBatchState state)
    {
        var insert = new NpgsqlBatchCommand(PublishBatchSql.BatchInsert);
        insert.Parameters.AddWithValue("tenant", state.Tenant);
        insert.Parameters.AddWithValue("key", NpgsqlDbType.Text, (object?)state.IdempotencyKey ?? DBNull.Value);
        insert.Parameters.AddWithValue("hash", state.RequestHash);
        insert.Parameters.AddWithValue("user_id", state.UserId);
        insert.Parameters.AddWithValue("account_id", state.AccountId);
        insert.Parameters.AddWithValue("mode", state.Mode);
        insert.Parameters.AddWithValue("stop", state.StopOnFailure);
        insert.Parameters.AddWithValue("total", state.Clips.Count);
        insert.Parameters.AddWithValue("scheduled_for", NpgsqlDbType.TimestampTz, (object?)state.ScheduledFor ?? DBNull.Value);
        insert.Parameters.AddWithValue("created_at", state.CreatedAt);
        BatchValues(insert, state);
        return insert;
    }

    private static NpgsqlBatchCommand BatchUpdate(PublishBatchState state, long expectedVersion)
    {
        var update = new NpgsqlBatchCommand(PublishBatchSql.BatchUpdate);
        update.Parameters.AddWithValue("version", expectedVersion);
        BatchValues(update, state);
        return update;
    }

    private static void BatchValues(NpgsqlBatchCommand command, PublishBatchState state)
    {
        command.Parameters.AddWithValue("batch_id", state.BatchId!);
        command.Parameters.AddWithValue("status", state.Status);
        command.Parameters.AddWithValue("published", state.PublishedClips);
        command.Parameters.AddWithValue("failed", state.FailedClips);
        command.Parameters.AddWithValue("current", state.CurrentClipIndex);
        command.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)state.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("started_at", NpgsqlDbType.TimestampTz, (object?)state.StartedAt ?? DBNull.Value);
        command.Parameters.AddWithValue("completed_at", NpgsqlDbType.TimestampTz, (object?)state.CompletedAt ?? DBNull.Value);
        command.Parameters.AddWithValue("next_step_at", NpgsqlDbType.TimestampTz, (object?)state.NextStepAt ?? DBNull.Value);
    }

    private static NpgsqlBatchCommand ClipsInsert(PublishBatchState state)
    {
        var insert = new NpgsqlBatchCommand(PublishBatchSql.ClipsInsert);
        var c = state.Clips;
        insert.Parameters.AddWithValue("batch_id", state.BatchId!);
        insert.Parameters.AddWithValue("index", c.Select(x => x.Index).ToArray());
        insert.Parameters.AddWithValue("url", c.Select(x => x.Url).ToArray());
        insert.Parameters.AddWithValue("title", c.Select(x => x.Title).ToArray());
        insert.Parameters.AddWithValue("key", c.Select(x => x.IdempotencyKey).ToArray());
        insert.Parameters.AddWithValue("at", c.Select(x => x.ScheduledAt).ToArray());
        return insert;
    }

    /// <summary>Every clip in one statement; after an insert it sets what the insert left at its defaults.</summary>
    private static NpgsqlBatchCommand ClipsUpdate(PublishBatchState state)
    {
        var clips = new NpgsqlBatchCommand(PublishBatchSql.ClipsUpdate);
        var c = state.Clips;
        clips.Parameters.AddWithValue("batch_id", state.BatchId!);
        clips.Parameters.AddWithValue("index", c.Select(x => x.Index).ToArray());
        clips.Parameters.AddWithValue("status", c.Select(x => x.Status).ToArray());
        clips.Parameters.AddWithValue("metricool_post_id", c.Select(x => x.MetricoolPostId).ToArray());
        clips.Parameters.AddWithValue("facebook_post_id", c.Select(x => x.FacebookPostId).ToArray());
        clips.Parameters.AddWithValue("error_msg", c.Select(x => x.Error).ToArray());
        clips.Parameters.AddWithValue("attempts", c.Select(x => x.Attempts).ToArray());
        clips.Parameters.AddWithValue("confirmation_tries", c.Select(x => x.ConfirmationTries).ToArray());
        clips.Parameters.AddWithValue("lookup_tries", c.Select(x => x.LookupTries).ToArray());
        clips.Parameters.AddWithValue("create_if_missing", c.Select(x => x.CreateIfMissing).ToArray());
        clips.Parameters.AddWithValue("scheduled_at", c.Select(x => x.ScheduledAt).ToArray());
        clips.Parameters.AddWithValue("upload_started_at", c.Select(x => x.UploadStartedAt).ToArray());
        clips.Parameters.AddWithValue("uploaded_at", c.Select(x => x.UploadedAt).ToArray());
        clips.Parameters.AddWithValue("published_at", c.Select(x => x.PublishedAt).ToArray());
        return clips;
    }

    private static T? Nullable<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
