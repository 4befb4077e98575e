namespace Silo.Media.Intake;

/// <summary>SQL of the post_intake table (sql/019_post_intake.sql), named Table+Verb.</summary>
internal static class IntakeSql
{
    /// <summary>Every waiting delivery's rows in one statement: they are all committed, or none is.</summary>
    public const string PostIntakeInsert = """
        insert into post_intake (post_id, tenant, shard, change, received_at)
        select r.post_id, r.tenant, r.shard, r.change, @received_at
          from unnest(@post_ids::text[], @tenants::text[], @shards::int[], @changes::jsonb[]) as r(post_id, tenant, shard, change)
        """;

    /// <summary>
    /// A shard's next rows in id order: neither parked nor waiting for a retry, and not behind an earlier row of their
    /// post that is waiting for one (a post's changes reach its grain in order).
    /// </summary>
    public const string PostIntakeReadBatch = """
        select i.id, i.post_id, i.tenant, i.change::text, i.attempts
          from post_intake i
         where i.shard = @shard and i.parked_at is null and (i.next_attempt_at is null or i.next_attempt_at <= @now)
           and not exists (select 1 from post_intake b
                            where b.post_id = i.post_id and b.id < i.id and b.parked_at is null and b.next_attempt_at > @now)
         order by i.id
         limit @limit
        """;

    /// <summary>Rows their post grains have stored (or refused as another tenant's).</summary>
    public const string PostIntakeDelete = "delete from post_intake where id = any(@ids)";

    /// <summary>Rows whose hand-over failed: tried again from their next attempt time, or parked.</summary>
    public const string PostIntakeFail = """
        update post_intake i
           set attempts = i.attempts + 1, next_attempt_at = f.next_attempt_at, last_error = f.error, parked_at = f.parked_at
          from unnest(@ids::bigint[], @next_attempt_ats::timestamptz[], @errors::text[], @parked_ats::timestamptz[])
               as f(id, next_attempt_at, error, parked_at)
         where i.id = f.id
        """;

    /// <summary>Rows of shards beyond the configured count (after it was lowered) go to the remaining shards.</summary>
    public const string PostIntakeRehome = "update post_intake set shard = shard % @shards where shard >= @shards";

    /// <summary>The newest change of a post not picked up yet, for reads right after its acknowledgement.</summary>
    public const string PostIntakeFindNewest = """
        select tenant, change::text, received_at, (select min(received_at) from post_intake f where f.post_id = @id)
          from post_intake where post_id = @id
         order by id desc limit 1
        """;
}
