namespace Silo.Media.Backfill;

/// <summary>SQL of the backfills and backfill_posts tables (sql/014_backfills.sql), named Table+Verb.</summary>
internal static class BackfillSql
{
    public const string Read = """
        select source, account_id, tenant, run, status, since, until, cursor_after, pages_read, posts_found, oldest_reached, newest_reached,
               slowdowns, failures_in_row, not_before, last_usage, last_error, started_at, finished_at, version, refusals_in_row
          from backfills where backfill_id = @id
        """;

    /// <summary>The grain's own row, moved on only from the version its activation read (0: no row yet).</summary>
    public const string Upsert = """
        insert into backfills (backfill_id, source, account_id, tenant, run, status, since, until, cursor_after, pages_read, posts_found,
                               oldest_reached, newest_reached, slowdowns, failures_in_row, refusals_in_row, not_before, last_usage, last_error,
                               started_at, finished_at, updated_at, version)
        values (@id, @source, @account_id, @tenant, @run, @status, @since, @until, @cursor_after, @pages_read, @posts_found,
                @oldest_reached, @newest_reached, @slowdowns, @failures_in_row, @refusals_in_row, @not_before, @last_usage, @last_error,
                @started_at, @finished_at, now(), @expected_version + 1)
        on conflict (backfill_id) do update
           set run = excluded.run, status = excluded.status, since = excluded.since, until = excluded.until,
               cursor_after = excluded.cursor_after, pages_read = excluded.pages_read, posts_found = excluded.posts_found,
               oldest_reached = excluded.oldest_reached, newest_reached = excluded.newest_reached, slowdowns = excluded.slowdowns,
               failures_in_row = excluded.failures_in_row, refusals_in_row = excluded.refusals_in_row, not_before = excluded.not_before, last_usage = excluded.last_usage,
               last_error = excluded.last_error, started_at = excluded.started_at, finished_at = excluded.finished_at,
               updated_at = now(), version = excluded.version
         where backfills.version = @expected_version
        """;

    /// <summary>The posts a page handed on; a page read again after a crash adds none twice.</summary>
    public const string PostsInsert = """
        insert into backfill_posts (backfill_id, run, post_id)
        select @id, @run, unnest(@post_ids) on conflict do nothing
        """;

    private const string ViewColumns = """
        b.backfill_id, b.source, b.account_id, b.tenant, b.run, b.status, b.since, b.until, b.pages_read, b.posts_found,
        coalesce(c.archived, 0) as archived, coalesce(c.failed, 0) as failed, coalesce(c.skipped, 0) as skipped,
        coalesce(c.in_progress, 0) as in_progress, b.oldest_reached, b.newest_reached, b.slowdowns, b.not_before,
        b.last_usage, b.last_error, b.started_at, b.finished_at, b.updated_at
        """;

    // Counted from the posts themselves, so "archived" is what the post grains stored, not what was hoped.
    private const string ViewFrom = """
        from backfills b
        left join lateral (
            select count(*) filter (where p.status = 'success') as archived,
                   count(*) filter (where p.status = 'error' and p.next_retry_at is null) as failed,
                   count(*) filter (where p.status = 'skipped') as skipped,
                   count(*) filter (where p.status in ('pending', 'downloading') or p.status = 'error' and p.next_retry_at is not null) as in_progress
              from backfill_posts bp join posts p on p.post_id = bp.post_id
             where bp.backfill_id = b.backfill_id and bp.run = b.run) c on true
        """;

    public const string ViewOne = $"select {ViewColumns} {ViewFrom} where b.backfill_id = @id";

    /// <summary>Walks still going (running or paused) and those whose posts are still being archived, for the dashboard and /metrics.</summary>
    public const string ViewActive = $"""
        select {ViewColumns} {ViewFrom}
         where (@tenant::text is null or b.tenant = @tenant)
           and (b.status in ('running', 'paused') or coalesce(c.in_progress, 0) > 0 or b.finished_at > now() - interval '10 minutes')
         order by b.started_at desc limit 50
        """;
}
