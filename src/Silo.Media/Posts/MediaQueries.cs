using System.Text.Json;
using Npgsql;

namespace Silo.Media.Posts;

/// <summary>What the API reads: plain SQL over the tables the post grains write.</summary>
public sealed class MediaQueries(NpgsqlDataSource database)
{
    // Seed 002's priority: local picture, local full picture, original picture, original full picture;
    // then any local image, then any original image (Instagram and attachment-only posts).
    private const string DisplayImage = """
        (select coalesce(
            (select public_url from post_media m where m.post_id = p.post_id and m.role = 'picture' and m.public_url is not null and m.kind = 'image'),
            (select public_url from post_media m where m.post_id = p.post_id and m.role = 'full_picture' and m.public_url is not null),
            (select original_url from post_media m where m.post_id = p.post_id and m.role = 'picture'),
            (select original_url from post_media m where m.post_id = p.post_id and m.role = 'full_picture'),
            (select public_url from post_media m where m.post_id = p.post_id and m.public_url is not null and m.mime_type like 'image/%' order by slot limit 1),
            (select original_url from post_media m where m.post_id = p.post_id and m.kind = 'image' order by slot limit 1))) as display_image_url,
        exists (select 1 from post_media m where m.post_id = p.post_id and m.public_url is not null and m.mime_type like 'image/%') as has_local_image
        """;

    public async Task<PostPage> ListAsync(string? tenant, string? status, string? source, int page, int pageSize, CancellationToken cancellationToken)
    {
        var where = "(@tenant::text is null or tenant = @tenant) and (@status::text is null or status = @status) and (@source::text is null or source = @source)";
        await using var command = database.CreateCommand($"""
            select post_id, source, source_post_id, tenant, message, status, attempts, created_at, updated_at, archived_at, {DisplayImage},
                   count(*) over ()
              from posts p where {where}
             order by created_at desc, post_id limit @limit offset @offset
            """);
        command.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", pageSize);
        command.Parameters.AddWithValue("offset", (page - 1) * pageSize);
        var items = new List<PostSummary>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new PostSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(reader, 4),
                reader.GetString(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                Time(reader, 9), Text(reader, 10), reader.GetBoolean(11)));
            total = reader.GetInt64(12);
        }
        if (items.Count == 0 && page > 1) total = await CountAsync(tenant, status, source, where, cancellationToken);
        return new PostPage(items, page, pageSize, total);
    }

    private async Task<long> CountAsync(string? tenant, string? status, string? source, string where, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"select count(*) from posts where {where}");
        command.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<PostDetail?> GetAsync(string postId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        PostDetail detail;
        await using (var command = new NpgsqlCommand($"""
            select post_id, source, source_post_id, tenant, message, item_type, permalink, status, attempts, last_error::text,
                   links_expire_at, next_retry_at, created_at, updated_at, archived_at, {DisplayImage}
              from posts p where post_id = @id
            """, connection))
        {
            command.Parameters.AddWithValue("id", postId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            detail = new PostDetail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(reader, 4),
                Text(reader, 5), Text(reader, 6), reader.GetString(7), reader.GetInt32(8),
                reader.IsDBNull(9) ? null : JsonDocument.Parse(reader.GetString(9)).RootElement.Clone(),
                Time(reader, 10), Time(reader, 11), reader.GetFieldValue<DateTimeOffset>(12), reader.GetFieldValue<DateTimeOffset>(13),
                Time(reader, 14), Text(reader, 15), reader.GetBoolean(16), []);
        }
        var media = new List<PostMediaView>();
        await using (var command = new NpgsqlCommand(PostSql.ReadMedia, connection))
        {
            command.Parameters.AddWithValue("id", postId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                media.Add(new PostMediaView(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10), Text(reader, 11),
                    reader.IsDBNull(12) ? null : reader.GetInt64(12), Text(reader, 13), reader.IsDBNull(14) ? null : reader.GetInt32(14),
                    reader.IsDBNull(15) ? null : reader.GetInt32(15), reader.IsDBNull(16) ? null : reader.GetDouble(16), Text(reader, 17), Time(reader, 18)));
        }
        return detail with { Media = media };
    }

    /// <summary>
    /// Storage figures over the files <paramref name="tenant"/>'s posts reference (every file when null):
    /// a tenant sees its own files, references and dedup savings, never another tenant's.
    /// </summary>
    public async Task<MediaStats> StatsAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // A null tenant counts every file with the stored reference counts; a tenant counts its own references.
        await using var files = new NpgsqlCommand("""
            with refs as (
                select f.sha256, f.size,
                       case when @tenant::text is null then f.reference_count
                            else (select count(*) from post_media m join posts p on p.post_id = m.post_id
                                   where m.sha256 = f.sha256 and p.tenant = @tenant)::int end as refs_count
                  from media_files f
            )
            select count(*), coalesce(sum(size), 0)::bigint, coalesce(sum(size * greatest(refs_count - 1, 0)), 0)::bigint,
                   coalesce(sum(refs_count), 0)::bigint
              from refs where @tenant::text is null or refs_count > 0
            """, connection);
        files.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        await using var reader = await files.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (count, bytes, saved, references) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        await reader.CloseAsync();
        await using var statuses = new NpgsqlCommand(
            "select status, count(*) from posts where @tenant::text is null or tenant = @tenant group by status", connection);
        statuses.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        var byStatus = PostStatus.All.ToDictionary(s => s, _ => 0L);
        await using var statusReader = await statuses.ExecuteReaderAsync(cancellationToken);
        while (await statusReader.ReadAsync(cancellationToken)) byStatus[statusReader.GetString(0)] = statusReader.GetInt64(1);
        return new MediaStats(count, bytes, saved, references, byStatus);
    }

    public async Task<IReadOnlyList<AlertView>> AlertsAsync(bool? resolved, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select id, kind, message, created_at, resolved, resolved_at from alerts
             where @resolved::boolean is null or resolved = @resolved order by created_at desc, id desc limit @limit
            """);
        command.Parameters.AddWithValue("resolved", (object?)resolved ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var alerts = new List<AlertView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            alerts.Add(new AlertView(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetBoolean(4), Time(reader, 5)));
        return alerts;
    }

    public async Task<bool> ResolveAlertAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("update alerts set resolved = true, resolved_at = now() where id = @id and not resolved");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
