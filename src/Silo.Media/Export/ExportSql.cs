namespace Silo.Media.Export;

/// <summary>SQL of media_exports (sql/029_media_exports.sql) and of the posts an export walks.</summary>
internal static class ExportSql
{
    private const string Columns = """
        tenant, source, from_at, to_at, requested_by, status, cursor_after, segments, posts_found, posts_written, files_written,
        archive_bytes, failures_in_row, not_before, last_error, started_at, finished_at, expired_at, version
        """;

    public const string Read = $"select {Columns} from media_exports where export_id = @id";

    /// <summary>The grain's own row, moved on only from the version its activation read (0: no row yet).</summary>
    public const string Upsert = """
        insert into media_exports (export_id, tenant, source, from_at, to_at, requested_by, status, cursor_after, segments, posts_found,
                                   posts_written, files_written, archive_bytes, failures_in_row, not_before, last_error, started_at,
                                   finished_at, expired_at, updated_at, version)
        values (@id, @tenant, @source, @from_at, @to_at, @requested_by, @status, @cursor_after, @segments, @posts_found,
                @posts_written, @files_written, @archive_bytes, @failures_in_row, @not_before, @last_error, @started_at,
                @finished_at, @expired_at, now(), @expected_version + 1)
        on conflict (export_id) do update
           set status = excluded.status, cursor_after = excluded.cursor_after, segments = excluded.segments,
               posts_found = excluded.posts_found, posts_written = excluded.posts_written, files_written = excluded.files_written,
               archive_bytes = excluded.archive_bytes, failures_in_row = excluded.failures_in_row, not_before = excluded.not_before,
               last_error = excluded.last_error, finished_at = excluded.finished_at,
               expired_at = excluded.expired_at, updated_at = now(), version = excluded.version
         where media_exports.version = @expected_version
        """;

    private const string Matching = """
        from posts p where p.tenant = @tenant and (@source::text is null or p.source = @source)
          and (@from::timestamptz is null or p.created_at >= @from) and (@to::timestamptz is null or p.created_at < @to)
        """;

    public const string PostsCount = $"select count(*)::int {Matching}";

    /// <summary>The next posts after the cursor, in post id order (stable while posts are added: a new one lands before or after it).</summary>
    public const string PostsPage = $"""
        select p.post_id {Matching} and (@after::text is null or p.post_id > @after) order by p.post_id limit @limit
        """;

    private const string ViewColumns = """
        export_id, tenant, source, from_at, to_at, requested_by, status, posts_found, posts_written, files_written, segments,
        archive_bytes, last_error, started_at, finished_at, updated_at, expired_at
        """;

    public const string ViewOne = $"select {ViewColumns} from media_exports where export_id = @id";

    /// <summary>The tenant's exports (null: every tenant's), newest first: the storage page's list.</summary>
    public const string ViewRecent = $"""
        select {ViewColumns} from media_exports where (@tenant::text is null or tenant = @tenant) order by started_at desc limit @limit
        """;

    /// <summary>Ended exports kept since before the cutoff, oldest first: the sweep deletes their parts.</summary>
    public const string Due = """
        select export_id from media_exports where status in ('done', 'failed', 'cancelled') and finished_at < @cutoff
         order by finished_at limit @limit
        """;
}
