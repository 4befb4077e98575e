using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;

namespace Silo.Media.Posts;

/// <summary>
/// Keeps <see cref="PostState"/> in <c>posts</c>, <c>post_media</c>, <c>media_files</c>,
/// <c>media_attempts</c> and <c>alerts</c>: one transaction per write, checked against
/// <c>posts.version</c> (the ETag), so what the API reads is always what the grain last wrote.
/// </summary>
public sealed class PostStorage(NpgsqlDataSource database) : RelationalGrainStorage<PostState>(database)
{
    /// <summary>The provider name post grains store their state under.</summary>
    public const string Name = "posts";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task<(PostState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        // The post and its media in one round trip: an activation's read is on every new post's webhook path.
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(PostSql.Read).With("id", key), new NpgsqlBatchCommand(PostSql.ReadMedia).With("id", key) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var post = new ColumnReader(reader);
        var state = new PostState
        {
            Exists = true,
            Source = post.Get<string>("source"), SourcePostId = post.Get<string>("source_post_id"), Tenant = post.Get<string>("tenant"),
            Message = post.Get<string?>("message"), ItemType = post.Get<string?>("item_type"), Permalink = post.Get<string?>("permalink"),
            GraphObjectId = post.Get<string?>("graph_object_id"), Status = post.Get<string>("status"), Attempts = post.Get<int>("attempts"),
            LastError = post.Get<string?>("last_error") is { } error ? JsonSerializer.Deserialize<PostError>(error, Json) : null,
            LinksExpireAt = post.Get<DateTimeOffset?>("links_expire_at"), NextRetryAt = post.Get<DateTimeOffset?>("next_retry_at"),
            ArchivedAt = post.Get<DateTimeOffset?>("archived_at"), ChangedAt = post.Get<DateTimeOffset?>("changed_at"),
        };
        var version = post.Get<long>("version");
        await reader.NextResultAsync(cancellationToken);
        var media = new ColumnReader(reader);
        while (await reader.ReadAsync(cancellationToken))
            state.Media.Add(new PostMedia
            {
                Slot = media.Get<string>("slot"), Role = media.Get<string>("role"), Kind = media.Get<string>("kind"),
                OriginalUrl = media.Get<string>("original_url"), Action = media.Get<string>("action"), Status = media.Get<string>("status"),
                Note = media.Get<string?>("note"), ExternalId = media.Get<string?>("external_id"), EmbedHtml = media.Get<string?>("embed_html"),
                Sha256 = media.Get<string?>("sha256"), StorageKey = media.Get<string?>("storage_key"), PublicUrl = media.Get<string?>("public_url"),
                Size = media.Get<long?>("size"), MimeType = media.Get<string?>("mime_type"), Width = media.Get<int?>("width"),
                Height = media.Get<int?>("height"), DurationSeconds = media.Get<double?>("duration_seconds"), Error = media.Get<string?>("error"),
                ArchivedAt = media.Get<DateTimeOffset?>("archived_at"), VideoCodec = media.Get<string?>("video_codec"),
                AudioCodec = media.Get<string?>("audio_codec"), Orientation = media.Get<int?>("orientation"), Language = media.Get<string?>("language"),
                PreviewSha256 = media.Get<string?>("preview_sha256"), PreviewUrl = media.Get<string?>("preview_url"),
                PreviewWidth = media.Get<int?>("preview_width"), PreviewHeight = media.Get<int?>("preview_height"), Title = media.Get<string?>("title"),
                Uploader = media.Get<string?>("uploader"), Channel = media.Get<string?>("channel"), UploadDate = media.Get<DateOnly?>("upload_date"),
            });
        return (state, version);
    }

    protected override GrainWrite? Write(string key, PostState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        if (state.Deletion is { } deletion) return Deleting(key, state, deletion, expectedVersion);
        var write = new GrainWrite(new NpgsqlBatchCommand(PostSql.Upsert)
            .With("id", key).With("source", state.Source).With("source_post_id", state.SourcePostId).With("tenant", state.Tenant)
            .With("message", state.Message).With("item_type", state.ItemType).With("permalink", state.Permalink)
            .With("graph_object_id", state.GraphObjectId).With("status", state.Status).With("attempts", state.Attempts)
            .With("links_expire_at", state.LinksExpireAt).With("next_retry_at", state.NextRetryAt).With("archived_at", state.ArchivedAt)
            .With("changed_at", state.ChangedAt).With("expected_version", expectedVersion));
        write.OwnRow.Parameters.Add(new NpgsqlParameter<string?>("last_error", state.LastError is null ? null : JsonSerializer.Serialize(state.LastError, Json))
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });

        // The locks other posts' writes also take, first and in one order: the error-rate turn (a
        // failing attempt's), then the files' hashes. Row locks taken later are then never waited on in a cycle.
        if (state.ErrorRateCheck is { MayRaise: true }) write.With.Add(new NpgsqlBatchCommand(AlertSql.LockErrorRate));
        // Hashes this post pointed at before and after: each one's reference count is recounted.
        var hashes = state.Media.SelectMany(m => new[] { m.Sha256, m.PreviewSha256 })
            .Concat(state.NewFiles.SelectMany(f => new[] { f.Sha256, f.PreviewSha256 }))
            .OfType<string>().Concat(state.ReleasedHashes).Distinct().ToList();
        if (hashes.Count > 0) write.With.Add(MediaFileRows.Lock(hashes));

        // Content-addressed: a file another post (or an earlier, interrupted attempt) recorded first is left as it is.
        // Previews first: an original's row points at its preview's.
        foreach (var file in state.NewFiles.OrderBy(f => f.PreviewSha256 is not null).ThenBy(f => f.Sha256, StringComparer.Ordinal))
            write.With.Add(MediaFileRows.Insert(file));

        write.With.Add(new NpgsqlBatchCommand(PostSql.DeleteMedia).With("id", key));
        foreach (var m in state.Media)
            write.With.Add(new NpgsqlBatchCommand(PostSql.InsertMedia)
                .With("id", key).With("slot", m.Slot).With("role", m.Role).With("kind", m.Kind).With("original_url", m.OriginalUrl)
                .With("action", m.Action).With("status", m.Status).With("note", m.Note).With("external_id", m.ExternalId)
                .With("embed_html", m.EmbedHtml).With("sha256", m.Sha256).With("storage_key", m.StorageKey).With("public_url", m.PublicUrl)
                .With("size", m.Size).With("mime_type", m.MimeType).With("width", m.Width).With("height", m.Height)
                .With("duration", m.DurationSeconds).With("error", m.Error).With("archived_at", m.ArchivedAt).With("video_codec", m.VideoCodec)
                .With("audio_codec", m.AudioCodec).With("orientation", m.Orientation).With("language", m.Language)
                .With("preview_sha256", m.PreviewSha256).With("preview_url", m.PreviewUrl).With("preview_width", m.PreviewWidth)
                .With("preview_height", m.PreviewHeight).With("title", m.Title).With("uploader", m.Uploader).With("channel", m.Channel)
                .With("upload_date", m.UploadDate));

        foreach (var (attempt, succeeded, errorType) in state.NewAttempts)
            write.With.Add(new NpgsqlBatchCommand(PostSql.InsertAttempt).With("id", key).With("attempt", attempt).With("succeeded", succeeded).With("error_type", errorType));
        foreach (var (kind, message) in state.RaisedAlerts)
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Raise).With("kind", kind).With("message", message).With("tenant", "*"));
        foreach (var kind in state.ResolvedAlerts)
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Resolve).With("kind", kind));
        // Failing writes that commit at once would each miss the others' uncommitted attempts and
        // under-count; they took turns above (LockErrorRate) so each count sees every earlier failure.
        if (state.ErrorRateCheck is { } check)
            write.With.Add(check.MayRaise
                ? new NpgsqlBatchCommand(AlertSql.RaiseErrorRate)
                    .With("window", check.Window).With("threshold", check.Threshold).With("minimum", check.MinimumAttempts)
                : new NpgsqlBatchCommand(AlertSql.ResolveErrorRate).With("window", check.Window).With("threshold", check.Threshold));
        // Recount after the rows are written (last in the batch, which runs in order in one round trip),
        // under the hashes' locks taken above, so two posts sharing a file in concurrent writes both
        // count each other once committed.
        if (hashes.Count > 0) write.With.Add(MediaFileRows.Recount(hashes));
        return write;
    }

    /// <summary>
    /// The post's rows go (its media with it, by cascade), its audit line is written with the version the deletion gives
    /// the post (its tombstone, see <see cref="PostSql.Upsert"/>), and every file it held is recounted, so one nothing else
    /// holds is released.
    /// </summary>
    private static GrainWrite Deleting(string key, PostState state, PostDeletion deletion, long expectedVersion)
    {
        var write = new GrainWrite(new NpgsqlBatchCommand(PostSql.Delete).With("id", key).With("expected_version", expectedVersion));
        var hashes = state.Media.SelectMany(m => new[] { m.Sha256, m.PreviewSha256 }).OfType<string>().Concat(state.ReleasedHashes).Distinct().ToList();
        if (hashes.Count > 0) write.With.Add(MediaFileRows.Lock(hashes));
        write.With.Add(new NpgsqlBatchCommand(PostSql.DeleteAttempts).With("id", key));
        write.With.Add(new NpgsqlBatchCommand(PostSql.InsertDeletion)
            .With("id", key).With("tenant", state.Tenant).With("source", state.Source).With("actor", deletion.Actor).With("reason", deletion.Reason)
            .With("version", expectedVersion + 1).With("files", state.Media.Count(m => m.Sha256 is not null)));
        if (hashes.Count > 0) write.With.Add(MediaFileRows.Recount(hashes));
        return write;
    }

    /// <summary>The events of the write (new files, attempts, alerts) are recorded now; the next write must not repeat them.</summary>
    protected override void OnWritten(PostState state) => state.ClearEvents();
}
