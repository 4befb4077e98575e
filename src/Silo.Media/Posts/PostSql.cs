namespace Silo.Media.Posts;

/// <summary>SQL of the posts, post_media and media_attempts tables (media_files: <see cref="MediaFileRows"/>).</summary>
internal static class PostSql
{
    public const string Read = """
        select source, source_post_id, tenant, message, item_type, permalink, graph_object_id, status, attempts,
               last_error::text, links_expire_at, next_retry_at, archived_at, version, changed_at
          from posts where post_id = @id
        """;

    public const string ReadMedia = """
        select slot, role, kind, original_url, action, status, note, external_id, embed_html, sha256, storage_key, public_url,
               size, mime_type, width, height, duration_seconds, error, archived_at,
               video_codec, audio_codec, orientation, language, preview_sha256, preview_url, preview_width, preview_height,
               title, uploader, channel, upload_date
          from post_media where post_id = @id order by slot
        """;

    /// <summary>
    /// The grain's own row, moved on only from the version its activation read (0: no row yet), so a
    /// stale activation's write touches nothing and the whole transaction is rolled back. A post deleted after that
    /// activation read it has a newer tombstone (<c>post_deletions.version</c>): the stale activation cannot write it back.
    /// </summary>
    public const string Upsert = """
        insert into posts (post_id, source, source_post_id, tenant, message, item_type, permalink, graph_object_id, status, attempts,
                           last_error, links_expire_at, next_retry_at, archived_at, changed_at, version)
        select @id, @source, @source_post_id, @tenant, @message, @item_type, @permalink, @graph_object_id, @status, @attempts,
               @last_error, @links_expire_at, @next_retry_at, @archived_at, @changed_at, @expected_version + 1
         where not exists (select 1 from post_deletions d where d.post_id = @id and d.version > @expected_version)
        on conflict (post_id) do update
           set message = excluded.message, item_type = excluded.item_type, permalink = excluded.permalink,
               graph_object_id = excluded.graph_object_id, status = excluded.status, attempts = excluded.attempts,
               last_error = excluded.last_error, links_expire_at = excluded.links_expire_at, next_retry_at = excluded.next_retry_at,
               archived_at = excluded.archived_at, changed_at = excluded.changed_at, version = excluded.version, updated_at = now()
         where posts.version = @expected_version
        """;

    /// <summary>The post's row at the version its activation read; its media rows go with it (on delete cascade).</summary>
    public const string Delete = "delete from posts where post_id = @id and version = @expected_version";

    public const string DeleteAttempts = "delete from media_attempts where post_id = @id";

    public const string InsertDeletion = """
        insert into post_deletions (post_id, tenant, source, actor, reason, version, files)
        values (@id, @tenant, @source, @actor, @reason, @version, @files)
        """;

    public const string DeleteMedia = "delete from post_media where post_id = @id";

    public const string InsertMedia = """
        insert into post_media (post_id, slot, role, kind, original_url, action, status, note, external_id, embed_html, sha256,
                                storage_key, public_url, size, mime_type, width, height, duration_seconds, error, archived_at,
                                video_codec, audio_codec, orientation, language, preview_sha256, preview_url, preview_width, preview_height,
                                title, uploader, channel, upload_date)
        values (@id, @slot, @role, @kind, @original_url, @action, @status, @note, @external_id, @embed_html, @sha256,
                @storage_key, @public_url, @size, @mime_type, @width, @height, @duration, @error, @archived_at,
                @video_codec, @audio_codec, @orientation, @language, @preview_sha256, @preview_url, @preview_width, @preview_height,
                @title, @uploader, @channel, @upload_date)
        """;

    public const string InsertAttempt = """
        insert into media_attempts (post_id, attempt, succeeded, error_type) values (@id, @attempt, @succeeded, @error_type)
        """;
}
