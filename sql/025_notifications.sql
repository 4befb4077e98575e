-- 025_notifications: events told to the destinations a tenant subscribed (issue 21, notifications).
--
-- notification_events is an outbox: triggers on the tables whose change is the event (a post's status, a batch's or a
-- clip's, an alert, a walk's or a crawl's) insert its row in the same commit, so an event is never lost when a node dies
-- after the change and never invented when the change rolls back; the grains that write those tables know nothing of it.
-- Ids are visible in the order they were given (below): each destination grain keeps its cursor (delivered_through) in its
-- own row and delivers the next matching event only once the previous one was accepted. An event
-- with destination_id set (a "send a test event") goes to that destination only. Tenant `*` is the cluster's: a cluster
-- alert is told to every tenant's destinations, and a `*` destination hears every tenant's events.
-- notification_deliveries is each destination's log of attempts, trimmed to the newest few by the grain.

create table notification_events (
    id             bigint      generated always as identity primary key,
    tenant         text        not null,
    type           text        not null,
    subject        text        not null,
    data           jsonb       not null default '{}',
    destination_id bigint,
    occurred_at    timestamptz not null default now()
);

create table notification_destinations (
    id                bigint      generated always as identity primary key,
    tenant            text        not null,
    name              text        not null,
    kind              text        not null check (kind in ('webhook', 'slack')),
    url               text        not null,
    secret            text,
    event_types       text[]      not null,
    delivered_through bigint      not null,
    attempts          int         not null default 0,
    next_try_at       timestamptz,
    created_at        timestamptz not null default now()
);

create index notification_destinations_tenant on notification_destinations (tenant);

create table notification_deliveries (
    id             bigint      generated always as identity primary key,
    destination_id bigint      not null references notification_destinations (id) on delete cascade,
    event_id       bigint      not null,
    event_type     text        not null,
    attempt        int         not null,
    attempted_at   timestamptz not null,
    outcome        text        not null check (outcome in ('delivered', 'failed')),
    status_code    int,
    error          text,
    next_try_at    timestamptz
);

create index notification_deliveries_destination on notification_deliveries (destination_id, id desc);

-- Ids must be visible in the order they were given, or a destination could move its cursor past an id whose transaction
-- commits later and skip it for ever. An identity is drawn at insert, not at commit, so each statement that writes the
-- outbox first takes one transaction-scoped lock (before its rows, and their ids, are formed): the next writer draws its
-- id only after this one committed or rolled back. Events are rare (a failure, an alert, a finished job), so the wait is short.
create function notification_events_in_commit_order() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtext('notification_events'));
    return null;
end $$;
create trigger notification_events_in_commit_order before insert on notification_events
    for each statement execute function notification_events_in_commit_order();

-- Every node LISTENs on this channel and wakes the destinations of the event's tenant; the payload is the tenant.
create function notification_event_added() returns trigger language plpgsql as $$
begin
    perform pg_notify('silo_notification_events', new.tenant);
    return null;
end $$;
create trigger notification_event_added after insert on notification_events
    for each row execute function notification_event_added();

create function notification_event(tenant text, type text, subject text, data jsonb) returns void language sql as $$
    insert into notification_events (tenant, type, subject, data) values (tenant, type, subject, data);
$$;

-- A post that ended in `error` (entered it, not written again in it).
create function posts_notify() returns trigger language plpgsql as $$
begin
    if new.status = 'error' and (tg_op = 'INSERT' or old.status is distinct from 'error') then
        perform notification_event(new.tenant, 'post.error', new.post_id, jsonb_build_object(
            'postId', new.post_id, 'source', new.source, 'permalink', new.permalink, 'error', new.last_error));
    end if;
    return null;
end $$;
create trigger posts_notify after insert or update of status on posts
    for each row execute function posts_notify();

-- A batch finished (completed) or failed.
create function publish_batches_notify() returns trigger language plpgsql as $$
begin
    if new.status in ('completed', 'failed') and (tg_op = 'INSERT' or old.status is distinct from new.status) then
        perform notification_event(new.tenant, case new.status when 'completed' then 'batch.finished' else 'batch.failed' end,
            new.batch_id, jsonb_build_object('batchId', new.batch_id, 'status', new.status, 'publishedClips', new.published_clips,
                'failedClips', new.failed_clips, 'error', new.error_msg));
    end if;
    return null;
end $$;
create trigger publish_batches_notify after insert or update of status on publish_batches
    for each row execute function publish_batches_notify();

-- A clip whose publication Metricool never confirmed: its batch waits for a person.
create function publish_batch_clips_notify() returns trigger language plpgsql as $$
begin
    if new.status = 'unconfirmed' and (tg_op = 'INSERT' or old.status is distinct from 'unconfirmed') then
        perform notification_event(b.tenant, 'batch.unconfirmed', new.batch_id, jsonb_build_object(
            'batchId', new.batch_id, 'clipIndex', new.clip_index, 'error', new.error_msg))
           from publish_batches b where b.batch_id = new.batch_id;
    end if;
    return null;
end $$;
create trigger publish_batch_clips_notify after insert or update of status on publish_batch_clips
    for each row execute function publish_batch_clips_notify();

-- A history walk or a Patreon crawl done, or stopped (failed or cancelled).
create function walks_notify() returns trigger language plpgsql as $$
declare
    what text := tg_argv[0];
    id   text := case tg_table_name when 'backfills' then to_jsonb(new) ->> 'backfill_id' else to_jsonb(new) ->> 'campaign_id' end;
begin
    if new.status in ('done', 'failed', 'cancelled') and (tg_op = 'INSERT' or old.status is distinct from new.status) then
        perform notification_event(new.tenant, what || case new.status when 'done' then '.done' else '.stopped' end, id,
            jsonb_build_object('id', id, 'run', new.run, 'status', new.status, 'postsFound', new.posts_found, 'error', new.last_error));
    end if;
    return null;
end $$;
create trigger backfills_notify after insert or update of status on backfills
    for each row execute function walks_notify('backfill');
create trigger patreon_crawls_notify after insert or update of status on patreon_crawls
    for each row execute function walks_notify('crawl');

-- The archive's alerts, raised and resolved; a walk's or a crawl's refused token is also `token.expired`.
create function alerts_notify() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform notification_event(new.tenant, 'alert.raised', new.kind, jsonb_build_object('alertId', new.id, 'kind', new.kind, 'message', new.message));
        if new.kind like 'backfill\_token:%' or new.kind like 'patreon\_token:%' then
            perform notification_event(new.tenant, 'token.expired', new.kind, jsonb_build_object('alertId', new.id, 'kind', new.kind, 'message', new.message));
        end if;
    elsif new.resolved and not old.resolved then
        perform notification_event(new.tenant, 'alert.resolved', new.kind, jsonb_build_object('alertId', new.id, 'kind', new.kind, 'message', new.message));
    end if;
    return null;
end $$;
create trigger alerts_notify after insert or update of resolved on alerts
    for each row execute function alerts_notify();

-- The insights module's alerts (its account's tenant); an account's expired token is `token.expired`.
create function insights_alerts_notify() returns trigger language plpgsql as $$
declare
    owner text := (select tenant from ad_accounts where account_id = new.account_id);
    subject text := new.kind || ':' || new.account_id;
    data jsonb := jsonb_build_object('alertId', new.id, 'kind', new.kind, 'accountId', new.account_id, 'message', new.message);
begin
    if owner is null then return null; end if;
    if tg_op = 'INSERT' then
        perform notification_event(owner, 'alert.raised', subject, data);
        if new.kind = 'token_expired' then perform notification_event(owner, 'token.expired', subject, data); end if;
    elsif new.resolved_at is not null and old.resolved_at is null then
        perform notification_event(owner, 'alert.resolved', subject, data);
    end if;
    return null;
end $$;
create trigger insights_alerts_notify after insert or update of resolved_at on insights_alerts
    for each row execute function insights_alerts_notify();
