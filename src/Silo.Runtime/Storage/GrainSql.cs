namespace Silo.Runtime;

/// <summary>SQL on the <c>grains</c> table: claims, leases, fences, scheduling.</summary>
internal static class GrainSql
{
    public const string ReadState = "select state::text from grains where grain_type = @type and grain_key = @key";

    /// <summary>
    /// Claims runnable grains whose lease is free or expired, taking a lease and moving the fence on.
    /// Returns the previous owner so an expired lease taken over counts as a recovery.
    /// </summary>
    public const string Claim = """
        with runnable as (
            select grain_type, grain_key, lease_owner as previous_owner
              from grains
             where next_run_at <= now()
               and (lease_expires_at is null or lease_expires_at < now())
             order by next_run_at
             limit @limit
               for update skip locked)
        update grains g
           set lease_owner = @node, lease_expires_at = now() + @lease, fence = g.fence + 1
          from runnable r
         where g.grain_type = r.grain_type and g.grain_key = r.grain_key
        returning g.grain_type, g.grain_key, g.fence, r.previous_owner
        """;

    /// <summary>Seconds until the next grain becomes runnable, so an idle node sleeps exactly that long.</summary>
    public const string SecondsUntilNextRun =
        "select extract(epoch from min(next_run_at) - now())::float8 from grains where next_run_at > now()";

    public const string RenewLeases = """
        update grains g
           set lease_expires_at = now() + @lease
          from unnest(@types, @keys, @fences) as h(grain_type, grain_key, fence)
         where g.grain_type = h.grain_type and g.grain_key = h.grain_key
           and g.fence = h.fence and g.lease_owner = @node
        returning g.grain_type, g.grain_key
        """;

    /// <summary>
    /// First statement of a commit that ends a turn or releases the grain: locks the grain's row and
    /// proves the lease is still ours without writing it (Reschedule writes the row once, at the end).
    /// Fails like <see cref="FenceAndWriteState"/> when the fence moved on.
    /// </summary>
    public const string FenceLock = """
        select 1 / count(*)
          from (select 1 from grains
                 where grain_type = @type and grain_key = @key and fence = @fence and lease_owner = @node
                   for update) fenced
        """;

    /// <summary>
    /// First statement of a mid-turn commit (WriteStateAsync): locks the grain's row, proves the lease
    /// is still ours and writes the state.
    /// Zero rows means the fence moved on: the statement then fails (division by zero, the one error
    /// plain SQL can raise on a condition), which aborts every later statement of the commit's batch
    /// and its transaction, so nothing a stale owner sent is committed.
    /// </summary>
    public const string FenceAndWriteState = """
        with fenced as (
            update grains
               set state = case when @write_state then @state::jsonb else state end,
                   updated_at = now()
             where grain_type = @type and grain_key = @key and fence = @fence and lease_owner = @node
            returning 1)
        select 1 / count(*) from fenced
        """;

    /// <summary>
    /// Last statement of a commit that ends a turn: writes the state (JSON store) and records when this
    /// grain next has work. Runs as its own statement
    /// after the row lock is held, so it sees every message a sender committed before us (senders
    /// lock the grain row before inserting into the inbox). Keeps the lease only while work is due now.
    /// </summary>
    public const string Reschedule = """
        with next as (
            select least(
                (select visible_at from grain_inbox
                  where grain_type = @type and grain_key = @key and processed_at is null and parked_at is null
                  order by id limit 1),
                (select min(due_at) from grain_reminders
                  where grain_type = @type and grain_key = @key and parked_at is null)) as run_at)
        update grains g
           set state = case when @write_state then @state::jsonb else g.state end,
               updated_at = now(),
               next_run_at = next.run_at,
               lease_owner = case when @keep and next.run_at <= now() then g.lease_owner end,
               lease_expires_at = case when @keep and next.run_at <= now() then g.lease_expires_at end
          from next
         where g.grain_type = @type and g.grain_key = @key and g.fence = @fence
        returning g.lease_owner is not null
        """;

    /// <summary>Makes sure the target grain exists and is runnable now; locks its row.</summary>
    public const string Wake = """
        insert into grains (grain_type, grain_key, next_run_at) values (@type, @key, now())
        on conflict (grain_type, grain_key) do update set next_run_at = least(grains.next_run_at, excluded.next_run_at)
        """;

    public const string ReleaseAllLeases =
        "update grains set lease_owner = null, lease_expires_at = null where lease_owner = @node";
}
