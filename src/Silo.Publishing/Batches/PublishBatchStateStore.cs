using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Grains;
using Silo.Hosting.Storage;

namespace Silo.Publishing.Batches;

/// <summary>Keeps a batch grain's state in <c>publish_batches</c> and <c>publish_batch_clips</c>, and appends its events.</summary>
public sealed class PublishBatchStateStore : IGrainStateStore<PublishBatchState>
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PublishBatchState?> ReadStateAsync(NpgsqlConnection connection, GrainId id, CancellationToken cancellationToken)
    {
        PublishBatchState state;
        await using (var command = new NpgsqlCommand(PublishBatchSql.BatchSelect, connection))
        {
            command.Parameters.AddWithValue("batch_id", id.Key);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            if (!await r.ReadAsync(cancellationToken)) return null;
            state = new PublishBatchState
            {
                BatchId = r.GetString(0), UserId = r.GetString(1), AccountId = r.GetString(2), Mode = r.GetString(3),
                Status = r.GetString(4), StopOnFailure = r.GetBoolean(5), PublishedClips = r.GetInt32(6), FailedClips = r.GetInt32(7),
                CurrentClipIndex = r.GetInt32(8), ScheduledFor = Nullable<DateTimeOffset>(r, 9), Error = r.IsDBNull(10) ? null : r.GetString(10),
                StartedAt = Nullable<DateTimeOffset>(r, 11), CompletedAt = Nullable<DateTimeOffset>(r, 12), LastEventSeq = r.GetInt64(13),
            };
        }
        await using (var command = new NpgsqlCommand(PublishBatchSql.ClipsSelect, connection))
        {
            command.Parameters.AddWithValue("batch_id", id.Key);
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
        return state;
    }

    public async Task WriteStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id, PublishBatchState state,
        CancellationToken cancellationToken)
    {
        if (!state.Exists) return;
        await using var batch = new NpgsqlBatch(connection, transaction);

        var update = new NpgsqlBatchCommand(PublishBatchSql.BatchUpdate);
        update.Parameters.AddWithValue("batch_id", state.BatchId!);
        update.Parameters.AddWithValue("status", state.Status);
        update.Parameters.AddWithValue("published", state.PublishedClips);
        update.Parameters.AddWithValue("failed", state.FailedClips);
        update.Parameters.AddWithValue("current", state.CurrentClipIndex);
        update.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)state.Error ?? DBNull.Value);
        update.Parameters.AddWithValue("started_at", NpgsqlDbType.TimestampTz, (object?)state.StartedAt ?? DBNull.Value);
        update.Parameters.AddWithValue("completed_at", NpgsqlDbType.TimestampTz, (object?)state.CompletedAt ?? DBNull.Value);
        batch.BatchCommands.Add(update);

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
        batch.BatchCommands.Add(clips);

        if (state.NewEvents.Count > 0)
        {
            var events = new NpgsqlBatchCommand(PublishBatchSql.EventsInsert);
            events.Parameters.AddWithValue("batch_id", state.BatchId!);
            events.Parameters.AddWithValue("seqs", state.NewEvents.Select(e => e.Seq).ToArray());
            events.Parameters.AddWithValue("events", NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                state.NewEvents.Select(e => JsonSerializer.Serialize(e, Json)).ToArray());
            batch.BatchCommands.Add(events);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static T? Nullable<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
