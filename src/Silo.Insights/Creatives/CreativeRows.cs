using Npgsql;
using NpgsqlTypes;
using Silo.Media.Posts;

namespace Silo.Insights.Creatives;

/// <summary>
/// An ad's creative in its ad grain's write (sql/023): the <c>ad_creatives</c> row, and after an archive the files in
/// <c>ad_creative_files</c> with the new contents in <c>media_files</c>, locked, inserted and recounted in the order a
/// post's write uses (<see cref="MediaFileRows"/>), so a creative and a post sharing a file never wait on each other in a cycle.
/// </summary>
internal static class CreativeRows
{
    private const string Upsert = """
        insert into ad_creatives (ad_id, creative_id, status, attempts, next_attempt_at, error)
        values (@ad, @creative, @status, @attempts, @next_attempt_at, @error)
        on conflict (ad_id) do update
           set creative_id = excluded.creative_id, status = excluded.status, attempts = excluded.attempts,
               next_attempt_at = excluded.next_attempt_at, error = excluded.error, updated_at = now()
        """;

    private const string Content = """
        update ad_creatives
           set name = @name, title = @title, body = @body, video_id = @video_id, object_story_spec = @spec::jsonb, archived_at = now()
         where ad_id = @ad
        """;

    private const string InsertFiles = """
        insert into ad_creative_files (ad_id, role, original_url, sha256, storage_key, public_url, mime_type, size, width, height,
                                       duration_seconds, preview_sha256, preview_url)
        select @ad, role, url, sha256, storage_key, public_url, mime_type, size, width, height, duration, preview_sha256, preview_url
          from unnest(@roles, @urls, @hashes, @keys, @public_urls, @mime_types, @sizes, @widths, @heights, @durations, @previews, @preview_urls)
               as f(role, url, sha256, storage_key, public_url, mime_type, size, width, height, duration, preview_sha256, preview_url)
        """;

    public static IEnumerable<NpgsqlBatchCommand> Commands(string adId, CreativeProgress creative)
    {
        var archived = creative.Archived;
        // Files it pointed at before this write and points at now: each one's holders are recounted.
        var hashes = archived is null ? [] : creative.FileHashes
            .Concat(archived.Files.SelectMany(f => new[] { f.Sha256, f.PreviewSha256 }))
            .Concat(archived.NewFiles.SelectMany(f => new[] { f.Sha256, f.PreviewSha256 }))
            .OfType<string>().Distinct().ToList();
        if (hashes.Count > 0) yield return MediaFileRows.Lock(hashes);
        yield return Command(Upsert, ("ad", adId, NpgsqlDbType.Text), ("creative", creative.CreativeId, NpgsqlDbType.Text),
            ("status", creative.Status, NpgsqlDbType.Text), ("attempts", creative.Attempts, NpgsqlDbType.Integer),
            ("next_attempt_at", creative.NextAttemptAt, NpgsqlDbType.TimestampTz), ("error", creative.Error, NpgsqlDbType.Text));
        if (archived is null) yield break;

        var read = archived.Creative;
        yield return Command(Content, ("ad", adId, NpgsqlDbType.Text), ("name", read.Name, NpgsqlDbType.Text), ("title", read.Title, NpgsqlDbType.Text),
            ("body", read.Body, NpgsqlDbType.Text), ("video_id", read.VideoId, NpgsqlDbType.Text), ("spec", read.ObjectStorySpecJson, NpgsqlDbType.Text));
        // Previews first: an original's row points at its preview's.
        foreach (var file in archived.NewFiles.OrderBy(f => f.PreviewSha256 is not null).ThenBy(f => f.Sha256, StringComparer.Ordinal))
            yield return MediaFileRows.Insert(file);
        yield return Command("delete from ad_creative_files where ad_id = @ad", ("ad", adId, NpgsqlDbType.Text));
        var files = archived.Files;
        if (files.Count > 0)
            yield return Command(InsertFiles, ("ad", adId, NpgsqlDbType.Text),
                ("roles", files.Select(f => f.Role).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("urls", files.Select(f => f.OriginalUrl).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("hashes", files.Select(f => f.Sha256).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("keys", files.Select(f => f.StorageKey).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("public_urls", files.Select(f => (object?)f.PublicUrl ?? DBNull.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("mime_types", files.Select(f => f.MimeType).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("sizes", files.Select(f => f.Size).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint),
                ("widths", files.Select(f => (object?)f.Width ?? DBNull.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer),
                ("heights", files.Select(f => (object?)f.Height ?? DBNull.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer),
                ("durations", files.Select(f => (object?)f.DurationSeconds ?? DBNull.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Double),
                ("previews", files.Select(f => (object?)f.PreviewSha256 ?? DBNull.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
                ("preview_urls", files.Select(f => (object?)f.PreviewUrl ?? DBNull.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        if (hashes.Count > 0) yield return MediaFileRows.Recount(hashes);
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value, NpgsqlDbType Type)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value, type) in parameters)
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }
}
