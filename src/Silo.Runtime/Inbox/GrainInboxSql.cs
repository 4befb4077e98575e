namespace Silo.Runtime;

/// <summary>SQL on the <c>grain_inbox</c> table.</summary>
internal static class GrainInboxSql
{
    /// <summary>Idempotent on (grain, message id): a duplicate inserts nothing.</summary>
    public const string Insert = """
        insert into grain_inbox (grain_type, grain_key, message_id, message_type, payload, visible_at)
        values (@type, @key, @message_id, @message_type, @payload::jsonb, now())
        on conflict (grain_type, grain_key, message_id) do nothing
        """;

    /// <summary>The grain's first pending message, whether or not its retry delay has passed: order is strict.</summary>
    public const string First = """
        select id, message_id, message_type, payload::text, attempts, enqueued_at, visible_at <= now()
          from grain_inbox
         where grain_type = @type and grain_key = @key and processed_at is null and parked_at is null
         order by id
         limit 1
        """;

    public const string MarkProcessed =
        "update grain_inbox set processed_at = now(), attempts = attempts + 1 where id = @id";

    /// <summary>Counts a failed attempt; parks the message once it has used up its attempts.</summary>
    public const string RecordFailure = """
        update grain_inbox
           set attempts = attempts + 1,
               last_error = @error,
               visible_at = now() + @delay,
               parked_at = case when attempts + 1 >= @max_attempts then now() end
         where id = @id
        returning parked_at is not null
        """;

    public const string ListParked = """
        select id, grain_type, grain_key, message_id, message_type, payload::text, attempts, last_error, enqueued_at, parked_at
          from grain_inbox
         where parked_at is not null
         order by parked_at desc
         limit @limit
        """;

    /// <summary>Gives a parked message a fresh set of attempts; it runs before the grain's later messages.</summary>
    public const string Unpark = """
        update grain_inbox set parked_at = null, attempts = 0, visible_at = now()
         where id = @id and parked_at is not null
        returning grain_type, grain_key
        """;

    /// <summary>Processed messages are kept only as long as a duplicate can still arrive.</summary>
    public const string PruneProcessed = """
        delete from grain_inbox where id in (
            select id from grain_inbox where processed_at < now() - @retention limit 10000)
        """;
}
