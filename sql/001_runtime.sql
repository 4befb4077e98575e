-- 001_runtime: the grain runtime's own tables.
--
-- PostgreSQL is the cluster's coordination engine. A grain is a row in `grains` (identity, lease,
-- fence, when it next has work, and its state when the grain type keeps it as JSON). Messages wait
-- in `grain_inbox`, durable reminders in `grain_reminders`, nodes heartbeat in `silo_nodes`.
-- Claims read `grains.next_run_at` through a partial index, so the claim query stays cheap however
-- many idle grains the table holds. Processed messages are kept for a retention window (Meta
-- redelivers webhooks for up to 36 hours) so a duplicate message id is recognised, then pruned.

create table grains (
    grain_type       text        not null,
    grain_key        text        not null,
    fence            bigint      not null default 0,
    lease_owner      text,
    lease_expires_at timestamptz,
    next_run_at      timestamptz,
    state            jsonb,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (grain_type, grain_key)
);

create index grains_runnable on grains (next_run_at) where next_run_at is not null;
create index grains_leased on grains (lease_owner) where lease_owner is not null;

create table grain_inbox (
    id           bigint generated always as identity primary key,
    grain_type   text        not null,
    grain_key    text        not null,
    message_id   text        not null,
    message_type text        not null,
    payload      jsonb       not null,
    enqueued_at  timestamptz not null default now(),
    visible_at   timestamptz not null default now(),
    attempts     int         not null default 0,
    last_error   text,
    processed_at timestamptz,
    parked_at    timestamptz,
    unique (grain_type, grain_key, message_id)
);

create index grain_inbox_pending on grain_inbox (grain_type, grain_key, id)
    where processed_at is null and parked_at is null;
create index grain_inbox_processed on grain_inbox (processed_at) where processed_at is not null;
create index grain_inbox_parked on grain_inbox (parked_at) where parked_at is not null;

create table grain_reminders (
    grain_type  text        not null,
    grain_key   text        not null,
    name        text        not null,
    due_at      timestamptz not null,
    period      interval,
    attempts    int         not null default 0,
    last_error  text,
    parked_at   timestamptz,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (grain_type, grain_key, name)
);

create index grain_reminders_due on grain_reminders (due_at) where parked_at is null;

create table silo_nodes (
    node_id           text        primary key,
    role              text        not null,
    address           text,
    version           text        not null,
    process_id        int         not null,
    started_at        timestamptz not null default now(),
    last_heartbeat_at timestamptz not null default now(),
    stopped_at        timestamptz,
    running_turns     int         not null default 0,
    turns_completed   bigint      not null default 0,
    turns_failed      bigint      not null default 0
);
