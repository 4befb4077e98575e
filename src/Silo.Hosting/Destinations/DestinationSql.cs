namespace Silo.Hosting.Destinations;

/// <summary>The queries of <see cref="DestinationStore"/>, named table + verb.</summary>
internal static class DestinationSql
{
    private const string Columns = "id, tenant, name, kind, url, secret, event_types, delivered_through, attempts, next_try_at, created_at, delivered_through_tx, failing_since, paused_at";

    // A new destination hears what happens from now on: its cursor starts at the newest event.
    public const string DestinationInsert = $"""
        insert into notification_destinations (tenant, name, kind, url, secret, event_types, delivered_through, delivered_through_tx)
        select @tenant, @name, @kind, @url, @secret, @types, coalesce(newest.id, 0), coalesce(newest.tx, '0'::xid8)
          from (select 1) one left join (select tx, id from notification_events order by tx desc, id desc limit 1) newest on true
        returning {Columns}
        """;

    public const string DestinationsSelect = $"""
        select {Columns} from notification_destinations where @tenant::text is null or tenant = @tenant order by id
        """;

    public const string DestinationSelect = $"""
        select {Columns} from notification_destinations where id = @id and (@tenant::text is null or tenant = @tenant)
        """;

    public const string DestinationDelete = "delete from notification_destinations where id = @id and (@tenant::text is null or tenant = @tenant)";

    // Who hears a tenant's event: its own destinations and the operator's; a cluster event (`*`) is everyone's.
    public const string ListenersSelect = """
        select id from notification_destinations where @tenant::text is null or @tenant = '*' or tenant in (@tenant, '*')
        """;

    public const string TestEventInsert = """
        insert into notification_events (tenant, type, subject, data, destination_id)
        select tenant, 'test', 'destination:' || id, jsonb_build_object('destinationId', id, 'name', name), id
          from notification_destinations where id = @id
        returning id
        """;

    // The oldest event this destination has not delivered yet and would hear, in the order of the writers' transactions.
    // It is settled when its transaction is older than every one still running that could write here: none of those can
    // add an event before it any more (sql/033). Until then it is not delivered, and neither is anything after it.
    // A transaction belongs to one database, so one that pg_stat_activity shows in another database on the same server
    // holds nothing back (a backend's xid is 32 bits, the snapshot's 64); a running one it cannot place (ended since the
    // snapshot, prepared, out of sight) counts as ours. Both read the statement's one snapshot.
    public const string NextEventSelect = """
        with horizon as (
            select coalesce(min(running), pg_snapshot_xmax(pg_current_snapshot())) as tx
              from pg_snapshot_xip(pg_current_snapshot()) as running
             where not exists (select 1 from pg_stat_activity a
                                where a.datname <> current_database()
                                  and a.backend_xid::text::numeric = running::text::numeric % 4294967296))
        select e.id, e.tenant, e.type, e.subject, e.data, e.occurred_at, e.tx, e.tx < horizon.tx as settled
          from notification_events e, horizon
         where (e.tx, e.id) > (@through_tx, @through)
           and (e.destination_id = @id
                or e.destination_id is null and e.type = any(@types) and (@tenant = '*' or e.tenant in (@tenant, '*')))
         order by e.tx, e.id limit 1
        """;

    // The cursor moves only from where this attempt found it: a second activation during a fail-over cannot move it back.
    public const string DeliveredUpdate = """
        with moved as (
            update notification_destinations set delivered_through = @event, delivered_through_tx = @event_tx, attempts = 0, next_try_at = null, failing_since = null
             where id = @id and delivered_through = @through returning id)
        insert into notification_deliveries (destination_id, event_id, event_type, attempt, attempted_at, outcome, status_code)
        select id, @event, @type, @attempt, @now, 'delivered', @status from moved
        """;

    // Failing without a break since `disable_after` ago (0 for a hook the far end says is gone: a 410, Slack's refusal): paused, and an alert says so
    // (one open alert per destination).
    public const string FailedUpdate = """
        with moved as (
            update notification_destinations
               set attempts = @attempt, failing_since = coalesce(failing_since, @now),
                   paused_at = case when coalesce(failing_since, @now) <= @now - @disable_after then @now end,
                   next_try_at = case when coalesce(failing_since, @now) <= @now - @disable_after then null else @next end
             where id = @id and delivered_through = @through
            returning id, tenant, name, failing_since, paused_at, next_try_at),
        logged as (
            insert into notification_deliveries (destination_id, event_id, event_type, attempt, attempted_at, outcome, status_code, error, next_try_at)
            select id, @event, @type, @attempt, @now, @outcome, @status,
                   nullif(concat_ws(' ', @error::text, case when paused_at is not null then 'Paused: ' || @pause_why || '.' end), ''),
                   next_try_at
              from moved)
        insert into alerts (kind, message, tenant)
        select 'notification_paused:' || id,
               format('Notification destination "%s" (%s) paused: %s since %s. Resume it on the Notifications page once its receiver is fixed; what waited is then delivered.',
                      name, id, @pause_since::text, to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')),
               tenant
          from moved where paused_at is not null
        on conflict (kind) where not resolved do nothing
        """;

    // Resumed: tried again now, from where its cursor stands; its pause alert is resolved.
    public const string DestinationResume = """
        with resumed as (
            update notification_destinations set paused_at = null, failing_since = null, attempts = 0, next_try_at = null
             where id = @id and (@tenant::text is null or tenant = @tenant)
            returning id),
        resolved as (
            update alerts set resolved = true, resolved_at = now()
             where kind = 'notification_paused:' || @id and not resolved and exists (select 1 from resumed))
        select count(*) from resumed
        """;

    public const string DeliveriesTrim = """
        delete from notification_deliveries
         where destination_id = @id
           and id < (select min(id) from (select id from notification_deliveries where destination_id = @id order by id desc limit @keep) newest)
        """;

    public const string DeliveriesSelect = """
        select id, event_id, event_type, attempt, attempted_at, outcome, status_code, error, next_try_at
          from notification_deliveries where destination_id = @id order by id desc limit @limit
        """;
}
