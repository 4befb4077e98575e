namespace Silo.Media.Posts;

/// <summary>SQL of the alerts table. One open alert per kind (a partial unique index), so repeats do not flood it.</summary>
internal static class AlertSql
{
    public const string Raise = """
        insert into alerts (kind, message) values (@kind, @message) on conflict (kind) where not resolved do nothing
        """;

    public const string Resolve = "update alerts set resolved = true, resolved_at = now() where kind = @kind and not resolved";

    public const string LockErrorRate = "select pg_advisory_xact_lock(hashtext('silo.media.error_rate'))";

    public const string RaiseErrorRate = """
        with w as (select count(*) as total, count(*) filter (where not succeeded) as failed
                     from media_attempts where attempted_at > now() - @window)
        insert into alerts (kind, message)
        select 'error_rate', format('%s of %s archive attempts failed in the last %s (over %s%%)', failed, total, @window, round((@threshold * 100)::numeric, 1))
          from w where total >= @minimum and failed::float8 / total > @threshold
        on conflict (kind) where not resolved do nothing
        """;

    public const string ResolveErrorRate = """
        update alerts set resolved = true, resolved_at = now()
         where kind = 'error_rate' and not resolved
           and (select count(*) filter (where not succeeded)::float8 / greatest(count(*), 1)
                  from media_attempts where attempted_at > now() - @window) <= @threshold
        """;
}
