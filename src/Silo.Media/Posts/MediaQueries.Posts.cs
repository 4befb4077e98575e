using System.Text.Json;
using Npgsql;
using Silo.Media.Archiving;

namespace Silo.Media.Posts;

/// <summary>Posts as lists and pages read them; the display image is chosen in code (<see cref="DisplayImage"/>), never in SQL.</summary>
public sealed partial class MediaQueries
{
    /// <summary>
    /// The texts a search (<see cref="PostFilter.Text"/>) looks in: the message, and the transcripts of the post's files
    /// (one per stored file, found through its SHA-256), so every list, page and filter searches both.
    /// </summary>
    private const string TextMatches = """
        (p.message ilike '%' || @text || '%' escape '\'
         or exists (select 1 from post_media tm join transcripts t on t.sha256 = tm.sha256
                     where tm.post_id = p.post_id and t.text ilike '%' || @text || '%' escape '\'))
        """;

    private const string Where = $"""
        (@tenant::text is null or p.tenant = @tenant) and (@status::text is null or p.status = @status)
        and (@source::text is null or p.source = @source) and (@from::timestamptz is null or p.created_at >= @from)
        and (@to::timestamptz is null or p.created_at < @to)
        and (@kind::text is null or exists (select 1 from post_media k where k.post_id = p.post_id and k.kind = @kind))
        and (@text::text is null or {TextMatches})
        and (@damaged::boolean is null or ({HoldsDamaged}) = @damaged)
        """;

    public Task<PostPage> ListAsync(string? tenant, string? status, string? source, int page, int pageSize, CancellationToken cancellationToken) =>
        ListAsync(new PostFilter(tenant, status, source), page, pageSize, cancellationToken);

    public async Task<PostPage> ListAsync(PostFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = new List<(string Id, string Source, string SourcePostId, string Tenant, string? Message, string Status, int Attempts,
            DateTimeOffset Created, DateTimeOffset Updated, DateTimeOffset? Archived)>();
        long total = 0;
        await using (var command = new NpgsqlCommand($"""
            select post_id, source, source_post_id, tenant, message, status, attempts, created_at, updated_at, archived_at, count(*) over ()
              from posts p where {Where}
             order by created_at desc, post_id limit @limit offset @offset
            """, connection))
        {
            Bind(command, filter);
            command.Parameters.AddWithValue("limit", pageSize);
            command.Parameters.AddWithValue("offset", (page - 1) * pageSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(reader, 4), reader.GetString(5),
                    reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8), Time(reader, 9)));
                total = reader.GetInt64(10);
            }
        }
        if (rows.Count == 0 && page > 1)
        {
            await using var count = new NpgsqlCommand($"select count(*) from posts p where {Where}", connection);
            Bind(count, filter);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        var media = await ReadMediaAsync(connection, [.. rows.Select(r => r.Id)], cancellationToken);
        var damage = await ReadDamageAsync(connection, [.. rows.Select(r => r.Id)], cancellationToken);
        var items = rows.Select(r =>
        {
            var items = media.GetValueOrDefault(r.Id) ?? [];
            var choice = display.Choose([.. items.Select(Candidate)]);
            return new PostSummary(r.Id, r.Source, r.SourcePostId, r.Tenant, r.Message, r.Status, r.Attempts, r.Created, r.Updated, r.Archived,
                choice.Url, choice.HasLocalImage, choice.NoImageReason, Archived(items), damage.GetValueOrDefault(r.Id) ?? []);
        }).ToList();
        return new PostPage(items, page, pageSize, total);
    }

    public async Task<PostDetail?> GetAsync(string postId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        PostDetail detail;
        await using (var command = new NpgsqlCommand("""
            select post_id, source, source_post_id, tenant, message, item_type, permalink, status, attempts, last_error::text,
                   links_expire_at, next_retry_at, created_at, updated_at, archived_at
              from posts p where post_id = @id
            """, connection))
        {
            command.Parameters.AddWithValue("id", postId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                // Acknowledged but not yet stored by its grain: the intake still holds it.
                await reader.CloseAsync();
                return await FindInIntakeAsync(connection, postId, cancellationToken);
            }
            detail = new PostDetail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(reader, 4),
                Text(reader, 5), Text(reader, 6), reader.GetString(7), reader.GetInt32(8),
                reader.IsDBNull(9) ? null : JsonDocument.Parse(reader.GetString(9)).RootElement.Clone(),
                Time(reader, 10), Time(reader, 11), reader.GetFieldValue<DateTimeOffset>(12), reader.GetFieldValue<DateTimeOffset>(13),
                Time(reader, 14), null, false, [], null, []);
        }
        var media = (await ReadMediaAsync(connection, [postId], cancellationToken)).GetValueOrDefault(postId) ?? [];
        var attempts = new List<AttemptView>();
        await using (var command = new NpgsqlCommand("""
            select attempt, succeeded, error_type, attempted_at from media_attempts where post_id = @id order by attempted_at, id
            """, connection))
        {
            command.Parameters.AddWithValue("id", postId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                attempts.Add(new AttemptView(reader.GetInt32(0), reader.GetBoolean(1), Text(reader, 2), reader.GetFieldValue<DateTimeOffset>(3)));
        }
        var transcripts = new List<TranscriptView>();
        await using (var command = new NpgsqlCommand("""
            select m.slot, t.status, t.language, t.text, t.text_url, t.vtt_url, t.error_type, t.error, t.next_retry_at, t.finished_at
              from post_media m join transcripts t on t.sha256 = m.sha256 where m.post_id = @id order by m.slot
            """, connection))
        {
            command.Parameters.AddWithValue("id", postId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                transcripts.Add(new TranscriptView(reader.GetString(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4),
                    Text(reader, 5), Text(reader, 6), Text(reader, 7), Time(reader, 8), Time(reader, 9)));
        }
        var damage = (await ReadDamageAsync(connection, [postId], cancellationToken)).GetValueOrDefault(postId) ?? [];
        var choice = display.Choose([.. media.Select(Candidate)]);
        return detail with
        {
            Transcripts = transcripts, Damaged = damage,
            DisplayImageUrl = choice.Url, HasLocalImage = choice.HasLocalImage, NoImageReason = choice.NoImageReason,
            Media = media, AttemptHistory = attempts,
            YouTube = media.Find(m => m.Role == "youtube") is { } v
                ? new YouTubeView(v.ExternalId, v.Title, v.Uploader, v.Channel, v.DurationSeconds, v.UploadDate) : null,
        };
    }

    private async Task<Dictionary<string, List<PostMediaView>>> ReadMediaAsync(NpgsqlConnection connection, string[] postIds,
        CancellationToken cancellationToken)
    {
        var byPost = new Dictionary<string, List<PostMediaView>>();
        if (postIds.Length == 0) return byPost;
        await using var command = new NpgsqlCommand("""
            select m.slot, m.role, m.kind, m.original_url, m.action, m.status, m.note, m.external_id, m.embed_html, m.sha256, m.storage_key,
                   m.public_url, m.size, m.mime_type, m.width, m.height, m.duration_seconds, m.error, m.archived_at, f.reference_count, m.post_id,
                   m.video_codec, m.audio_codec, m.orientation, m.language, m.preview_url, m.preview_width, m.preview_height,
                   m.title, m.uploader, m.channel, m.upload_date
              from post_media m left join media_files f on f.sha256 = m.sha256
             where m.post_id = any(@ids) order by m.post_id, m.slot
            """, connection);
        command.Parameters.AddWithValue("ids", postIds);
        var now = time.GetUtcNow();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var original = reader.GetString(3);
            var view = new PostMediaView(reader.GetString(0), reader.GetString(1), reader.GetString(2), original, reader.GetString(4),
                reader.GetString(5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10), Text(reader, 11),
                reader.IsDBNull(12) ? null : reader.GetInt64(12), Text(reader, 13), reader.IsDBNull(14) ? null : reader.GetInt32(14),
                reader.IsDBNull(15) ? null : reader.GetInt32(15), reader.IsDBNull(16) ? null : reader.GetDouble(16), Text(reader, 17),
                Time(reader, 18), CdnLinkExpiry.HasExpired(original, now), Int(reader, 19),
                Text(reader, 21), Text(reader, 22), Int(reader, 23), Text(reader, 24), Text(reader, 25), Int(reader, 26), Int(reader, 27),
                Text(reader, 28), Text(reader, 29), Text(reader, 30), reader.IsDBNull(31) ? null : reader.GetFieldValue<DateOnly>(31));
            var postId = reader.GetString(20);
            if (!byPost.TryGetValue(postId, out var list)) byPost[postId] = list = [];
            list.Add(view);
        }
        return byPost;
    }

    private static int? Int(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

    private static DisplayCandidate Candidate(PostMediaView m) =>
        new(m.Slot, m.Role, m.Kind, m.OriginalUrl, m.Status, m.PublicUrl, m.MimeType, m.Error);

    private static List<ArchivedMediaView> Archived(List<PostMediaView> media) =>
        [.. media.Where(m => m.PublicUrl is not null).Select(m => new ArchivedMediaView(m.Slot, m.Kind, m.PublicUrl!, m.MimeType, m.Width, m.Height, m.PreviewUrl, m.Language))];

    private static void Bind(NpgsqlCommand command, PostFilter filter)
    {
        command.Parameters.AddWithValue("tenant", (object?)filter.Tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("status", (object?)filter.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("source", (object?)filter.Source ?? DBNull.Value);
        command.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)filter.From?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("to", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)filter.To?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("kind", (object?)filter.Kind ?? DBNull.Value);
        command.Parameters.AddWithValue("text", (object?)EscapeLike(filter.Text) ?? DBNull.Value);
        command.Parameters.AddWithValue("damaged", NpgsqlTypes.NpgsqlDbType.Boolean, (object?)filter.Damaged ?? DBNull.Value);
    }

    private static string? EscapeLike(string? text) =>
        string.IsNullOrEmpty(text) ? null : text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
