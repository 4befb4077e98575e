using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;
using Silo.Media.Archiving;

namespace Silo.Media.Posts;

/// <summary>
/// Keeps <see cref="PostState"/> in <c>posts</c>, <c>post_media</c>, <c>media_files</c>,
/// <c>media_attempts</c> and <c>alerts</c>: one transaction per write, checked against
/// <c>posts.version</c> (the ETag), so what the API reads is always what the grain last wrote.
/// </summary>
public sealed class PostStorage(NpgsqlDataSource database, IOptions<MediaOptions> options) : RelationalGrainStorage<PostState>(database)
{
    /// <summary>The provider name post grains store their state under.</summary>
    public const string Name = "posts";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task<(PostState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        // The post and its media in one round trip: an activation's read is on every new post's webhook path.
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Command(PostSql.Read, ("id", key)), Command(PostSql.ReadMedia, ("id", key)) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new PostState
        {
            Exists = true,
            Source = reader.GetString(0), SourcePostId = reader.GetString(1), Tenant = reader.GetString(2),
            Message = Text(reader, 3), ItemType = Text(reader, 4), Permalink = Text(reader, 5), GraphObjectId = Text(reader, 6),
            Status = reader.GetString(7), Attempts = reader.GetInt32(8),
            LastError = reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<PostError>(reader.GetString(9), Json),
            LinksExpireAt = Time(reader, 10), NextRetryAt = Time(reader, 11), ArchivedAt = Time(reader, 12), ChangedAt = Time(reader, 14),
        };
        var version = reader.GetInt64(13);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            state.Media.Add(new PostMedia
            {
                Slot = reader.GetString(0), Role = reader.GetString(1), Kind = reader.GetString(2), OriginalUrl = reader.GetString(3),
                Action = reader.GetString(4), Status = reader.GetString(5), Note = Text(reader, 6), ExternalId = Text(reader, 7),
                EmbedHtml = Text(reader, 8), Sha256 = Text(reader, 9), StorageKey = Text(reader, 10), PublicUrl = Text(reader, 11),
                Size = reader.IsDBNull(12) ? null : reader.GetInt64(12), MimeType = Text(reader, 13),
                Width = reader.IsDBNull(14) ? null : reader.GetInt32(14), Height = reader.IsDBNull(15) ? null : reader.GetInt32(15),
                DurationSeconds = reader.IsDBNull(16) ? null : reader.GetDouble(16), Error = Text(reader, 17), ArchivedAt = Time(reader, 18),
                VideoCodec = Text(reader, 19), AudioCodec = Text(reader, 20), Orientation = Int(reader, 21), Language = Text(reader, 22),
                PreviewSha256 = Text(reader, 23), PreviewUrl = Text(reader, 24), PreviewWidth = Int(reader, 25), PreviewHeight = Int(reader, 26),
                Title = Text(reader, 27), Uploader = Text(reader, 28), Channel = Text(reader, 29),
                UploadDate = reader.IsDBNull(30) ? null : reader.GetFieldValue<DateOnly>(30),
            });
        return (state, version);
    }

    protected override GrainWrite? Write(string key, PostState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        var write = new GrainWrite(Command(PostSql.Upsert,
            ("id", key), ("source", state.Source), ("source_post_id", state.SourcePostId), ("tenant", state.Tenant),
            ("message", state.Message), ("item_type", state.ItemType), ("permalink", state.Permalink), ("graph_object_id", state.GraphObjectId),
            ("status", state.Status), ("attempts", state.Attempts),
            ("last_error", state.LastError is null ? null : JsonSerializer.Serialize(state.LastError, Json)),
            ("links_expire_at", state.LinksExpireAt), ("next_retry_at", state.NextRetryAt), ("archived_at", state.ArchivedAt),
            ("changed_at", state.ChangedAt), ("expected_version", expectedVersion)));
        write.OwnRow.Parameters["last_error"].NpgsqlDbType = NpgsqlDbType.Jsonb;

        // The locks other posts' writes also take, first and in one order: the error-rate turn (a
        // failing attempt's), then the files' hashes. Row locks taken later are then never waited on in a cycle.
        var failing = state.NewAttempts.Any(a => !a.Succeeded);
        if (failing) write.With.Add(Command(AlertSql.LockErrorRate));
        // Hashes this post pointed at before and after: each one's reference count is recounted.
        var hashes = state.Media.SelectMany(m => new[] { m.Sha256, m.PreviewSha256 })
            .Concat(state.NewFiles.SelectMany(f => new[] { f.Sha256, f.PreviewSha256 }))
            .OfType<string>().Concat(state.ReleasedHashes).Distinct().ToList();
        if (hashes.Count > 0) write.With.Add(Command(PostSql.LockFiles, ("hashes", hashes.ToArray())));

        // Content-addressed: a file another post (or an earlier, interrupted attempt) recorded first is left as it is.
        // Previews first: an original's row points at its preview's.
        foreach (var file in state.NewFiles.OrderBy(f => f.PreviewSha256 is not null).ThenBy(f => f.Sha256, StringComparer.Ordinal))
            write.With.Add(Command(PostSql.InsertFile, ("sha256", file.Sha256), ("storage_key", file.StorageKey), ("backend", file.Backend),
                ("size", file.Size), ("mime_type", file.MimeType), ("width", file.Width), ("height", file.Height), ("duration", file.DurationSeconds),
                ("video_codec", file.VideoCodec), ("audio_codec", file.AudioCodec), ("orientation", file.Orientation), ("preview_sha256", file.PreviewSha256)));

        write.With.Add(Command(PostSql.DeleteMedia, ("id", key)));
        foreach (var m in state.Media)
            write.With.Add(Command(PostSql.InsertMedia,
                ("id", key), ("slot", m.Slot), ("role", m.Role), ("kind", m.Kind), ("original_url", m.OriginalUrl), ("action", m.Action),
                ("status", m.Status), ("note", m.Note), ("external_id", m.ExternalId), ("embed_html", m.EmbedHtml), ("sha256", m.Sha256),
                ("storage_key", m.StorageKey), ("public_url", m.PublicUrl), ("size", m.Size), ("mime_type", m.MimeType), ("width", m.Width),
                ("height", m.Height), ("duration", m.DurationSeconds), ("error", m.Error), ("archived_at", m.ArchivedAt),
                ("video_codec", m.VideoCodec), ("audio_codec", m.AudioCodec), ("orientation", m.Orientation), ("language", m.Language),
                ("preview_sha256", m.PreviewSha256), ("preview_url", m.PreviewUrl), ("preview_width", m.PreviewWidth), ("preview_height", m.PreviewHeight),
                ("title", m.Title), ("uploader", m.Uploader), ("channel", m.Channel), ("upload_date", m.UploadDate)));

        foreach (var (attempt, succeeded, errorType) in state.NewAttempts)
            write.With.Add(Command(PostSql.InsertAttempt, ("id", key), ("attempt", attempt), ("succeeded", succeeded), ("error_type", errorType)));
        foreach (var (kind, message) in state.RaisedAlerts.DistinctBy(a => a.Kind))
            write.With.Add(Command(AlertSql.Raise, ("kind", kind), ("message", message), ("tenant", "*")));
        foreach (var kind in state.ResolvedAlerts.Distinct().Except(state.RaisedAlerts.Select(a => a.Kind)))
            write.With.Add(Command(AlertSql.Resolve, ("kind", kind)));
        if (state.NewAttempts.Count > 0)
        {
            var o = options.Value;
            // Failing writes that commit at once would each miss the others' uncommitted attempts and
            // under-count; they took turns above (LockErrorRate) so each count sees every earlier failure.
            var sql = failing ? AlertSql.RaiseErrorRate : AlertSql.ResolveErrorRate;
            write.With.Add(failing
                ? Command(sql, ("window", o.ErrorRateWindow), ("threshold", o.ErrorRateThreshold), ("minimum", o.ErrorRateMinimumAttempts))
                : Command(sql, ("window", o.ErrorRateWindow), ("threshold", o.ErrorRateThreshold)));
        }
        // Recount after the rows are written (last in the batch, which runs in order in one round trip),
        // under the hashes' locks taken above, so two posts sharing a file in concurrent writes both
        // count each other once committed.
        if (hashes.Count > 0) write.With.Add(Command(PostSql.RecountReferences, ("hashes", hashes.ToArray())));
        return write;
    }

    /// <summary>The events of the write (new files, attempts, alerts) are recorded now; the next write must not repeat them.</summary>
    protected override void OnWritten(PostState state) => state.ClearEvents();

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(value is null
                ? new NpgsqlParameter(name, DBNull.Value) { NpgsqlDbType = name is "width" or "height" or "attempt" or "orientation" or "preview_width" or "preview_height" ? NpgsqlDbType.Integer
                    : name is "upload_date" ? NpgsqlDbType.Date
                    : name is "size" ? NpgsqlDbType.Bigint : name is "duration" ? NpgsqlDbType.Double
                    : name.EndsWith("_at", StringComparison.Ordinal) ? NpgsqlDbType.TimestampTz : NpgsqlDbType.Text }
                : new NpgsqlParameter(name, value));
        return command;
    }

    private static int? Int(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
