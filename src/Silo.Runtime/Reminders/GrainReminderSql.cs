namespace Silo.Runtime;

/// <summary>SQL on the <c>grain_reminders</c> table.</summary>
internal static class GrainReminderSql
{
    public const string FirstDue = """
        select name, due_at, period, attempts
          from grain_reminders
         where grain_type = @type and grain_key = @key and parked_at is null and due_at <= now()
         order by due_at
         limit 1
        """;

    public const string Upsert = """
        insert into grain_reminders (grain_type, grain_key, name, due_at, period)
        values (@type, @key, @name, now() + @due, @period)
        on conflict (grain_type, grain_key, name) do update
           set due_at = excluded.due_at, period = excluded.period,
               attempts = 0, last_error = null, parked_at = null, updated_at = now()
        """;

    public const string Delete =
        "delete from grain_reminders where grain_type = @type and grain_key = @key and name = @name";

    /// <summary>
    /// Retires the occurrence that just fired. Guarded by its due time: if the grain moved the
    /// reminder during the turn, the new registration stands. A periodic reminder moves to its next
    /// slot on its own grid; slots missed while the cluster was down collapse into the one that fired.
    /// </summary>
    public const string Fired = """
        with deleted as (
            delete from grain_reminders
             where grain_type = @type and grain_key = @key and name = @name and due_at = @due_at
               and period is null)
        update grain_reminders
           set due_at = @due_at + period * (floor(extract(epoch from now() - @due_at) / extract(epoch from period)) + 1),
               attempts = 0, last_error = null, updated_at = now()
         where grain_type = @type and grain_key = @key and name = @name and due_at = @due_at
           and period is not null
        """;

    /// <summary>
    /// Counts a failed occurrence and retries it after @delay. Out of attempts, a one-shot reminder is
    /// parked; a periodic one gives up this occurrence and waits for its next slot.
    /// </summary>
    public const string RecordFailure = """
        update grain_reminders
           set last_error = @error,
               updated_at = now(),
               parked_at = case when attempts + 1 >= @max_attempts and period is null then now() end,
               due_at = case
                   when attempts + 1 < @max_attempts then now() + @delay
                   when period is null then due_at
                   else due_at + period * (floor(extract(epoch from now() - due_at) / extract(epoch from period)) + 1)
               end,
               attempts = case when attempts + 1 >= @max_attempts and period is not null then 0 else attempts + 1 end
         where grain_type = @type and grain_key = @key and name = @name and due_at = @due_at
        """;
}
