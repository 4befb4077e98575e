namespace Silo.Media.Posts;

/// <summary>
/// SQL of the alerts table. One open alert per kind (a partial unique index), so repeats do not flood it. Each has a
/// tenant: a walk's or crawl's is its tenant's, the store's and the error rate's the cluster's (<c>*</c>).
/// </summary>
internal static class AlertSql
{
    public const string Raise = """
        insert into alerts (kind, message, tenant) values (@kind, @message, @tenant) on conflict (kind) where not resolved do nothing
        """;

    public const string Resolve = "update alerts set resolved = true, resolved_at = now() where kind = @kind and not resolved";

    public const string LockErrorRate = "select pg_advisory_xact_lock(hashtext('silo.media.error_rate'))";

    // The window is counted only while no error-rate alert is open (the uncorrelated NOT EXISTS is a
    // one-time filter that skips the scan): a failure storm then costs one index probe per failure,
    // not a scan of the whole window each time.
    public const string RaiseErrorRate = """
        with w as (select count(*) as total, count(*) filter (where not succeeded) as failed
                     from media_attempts where attempted_at > now() - @window
                      and not exists (select 1 from alerts where kind = 'error_rate' and not resolved))
        insert into alerts (kind, message)
        select 'error_rate', format('%s of %s archive attempts failed in the last %s (over %s%%)', failed, total, @window, round((@threshold * 100)::numeric, 1))
          from w where total >= @minimum and failed::float8 / total > @threshold
        on conflict (kind) where not resolved do nothing
        """;

    // Runs after every successful attempt. The window's rate is a subquery correlated with the open
    // alert row, so it is computed only when such a row exists; uncorrelated, PostgreSQL evaluated it
    // first as a one-time filter, scanning the whole window once per archived post (quadratic).
    public const string ResolveErrorRate = """
        update alerts a set resolved = true, resolved_at = now()
         where a.kind = 'error_rate' and not a.resolved
           and (select count(*) filter (where not m.succeeded)::float8 / greatest(count(*), 1)
                  from media_attempts m where m.attempted_at > now() - @window and a.kind = 'error_rate') <= @threshold
        """;
}
