namespace Silo.Media.Patreon;

/// <summary>SQL of patreon_crawls, patreon_crawl_posts and patreon_tiers (sql/016_patreon_crawls.sql), named Table+Verb.</summary>
internal static class PatreonCrawlSql
{
    public const string Read = """
        select tenant, run, status, phase, cursor_next, pages_read, posts_found, details_read, posts_gone, tiers_found,
               slowdowns, failures_in_row, not_before, last_error, started_at, finished_at, version
          from patreon_crawls where campaign_id = @id
        """;

    /// <summary>The grain's own row, moved on only from the version its activation read (0: no row yet).</summary>
    public const string Upsert = """
        insert into patreon_crawls (campaign_id, tenant, run, status, phase, cursor_next, pages_read, posts_found, details_read, posts_gone,
                                    tiers_found, slowdowns, failures_in_row, not_before, last_error, started_at, finished_at, updated_at, version)
        values (@id, @tenant, @run, @status, @phase, @cursor_next, @pages_read, @posts_found, @details_read, @posts_gone,
                @tiers_found, @slowdowns, @failures_in_row, @not_before, @last_error, @started_at, @finished_at, now(), @expected_version + 1)
        on conflict (campaign_id) do update
           set run = excluded.run, status = excluded.status, phase = excluded.phase, cursor_next = excluded.cursor_next,
               pages_read = excluded.pages_read, posts_found = excluded.posts_found, details_read = excluded.details_read,
               posts_gone = excluded.posts_gone, tiers_found = excluded.tiers_found, slowdowns = excluded.slowdowns,
               failures_in_row = excluded.failures_in_row, not_before = excluded.not_before, last_error = excluded.last_error,
               started_at = excluded.started_at, finished_at = excluded.finished_at, updated_at = now(), version = excluded.version
         where patreon_crawls.version = @expected_version
        """;

    /// <summary>A page of the list; a page read again after a crash adds none twice.</summary>
    public const string PostsInsert = """
        insert into patreon_crawl_posts (campaign_id, run, post_id, position)
        select @id, @run, p.post_id, @first + p.n - 1 from unnest(@post_ids::text[]) with ordinality as p(post_id, n)
        on conflict do nothing
        """;

    public const string PostRecord = """
        update patreon_crawl_posts
           set state = @state, title = @title, url = @url, published_at = @published_at, embed_url = @embed_url, is_public = @is_public, tiers = @tiers
         where campaign_id = @id and run = @run and post_id = @post_id
        """;

    public const string PostGone = "update patreon_crawl_posts set state = 'gone' where campaign_id = @id and run = @run and post_id = @post_id";

    /// <summary>Phase 2's next post: the first of the run's list still waiting.</summary>
    public const string NextListed = """
        select post_id from patreon_crawl_posts where campaign_id = @id and run = @run and state = 'listed' order by position limit 1
        """;

    public const string TiersDelete = "delete from patreon_tiers where campaign_id = @id";

    public const string TiersInsert = """
        insert into patreon_tiers (campaign_id, tier_id, title, amount_cents)
        select @id, t.tier_id, t.title, t.amount_cents from unnest(@tier_ids::text[], @titles::text[], @amounts::int[]) as t(tier_id, title, amount_cents)
        """;

    private const string ViewColumns = """
        c.campaign_id, c.tenant, c.run, c.status, c.phase, c.pages_read, c.posts_found, c.details_read, c.posts_gone, c.tiers_found,
        coalesce(a.archived, 0), coalesce(a.failed, 0), coalesce(a.in_progress, 0), c.slowdowns, c.not_before, c.last_error,
        c.started_at, c.finished_at, c.updated_at
        """;

    // Counted from the posts themselves, so "archived" is what the post grains stored.
    private const string ViewFrom = """
        from patreon_crawls c
        left join lateral (
            select count(*) filter (where p.status = 'success') as archived,
                   count(*) filter (where p.status = 'error' and p.next_retry_at is null) as failed,
                   count(*) filter (where p.status in ('pending', 'downloading') or p.status = 'error' and p.next_retry_at is not null) as in_progress
              from patreon_crawl_posts cp join posts p on p.post_id = 'patreon:' || cp.post_id
             where cp.campaign_id = c.campaign_id and cp.run = c.run and cp.state = 'handed') a on true
        """;

    public const string ViewOne = $"select {ViewColumns} {ViewFrom} where c.campaign_id = @id";

    /// <summary>Crawls going on (running or paused), still archiving, or ended in the last 10 minutes: the dashboard and /metrics.</summary>
    public const string ViewActive = $"""
        select {ViewColumns} {ViewFrom}
         where (@tenant::text is null or c.tenant = @tenant)
           and (c.status in ('running', 'paused') or coalesce(a.in_progress, 0) > 0 or c.finished_at > now() - interval '10 minutes')
         order by c.started_at desc limit 50
        """;

    /// <summary>Phase 3's result: each tier with the run's posts locked to it, and the posts open to all.</summary>
    public const string Collections = """
        select t.tier_id, t.title, t.amount_cents, count(cp.post_id)
          from patreon_tiers t
          left join patreon_crawl_posts cp on cp.campaign_id = t.campaign_id and cp.run = @run and t.tier_id = any(cp.tiers)
         where t.campaign_id = @id
         group by t.tier_id, t.title, t.amount_cents
         order by t.amount_cents nulls first, t.tier_id
        """;
}
