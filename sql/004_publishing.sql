-- 004_publishing: publish batches of Story clips (seed 001), one grain per batch.
--
-- `publish_batches` and `publish_batch_clips` keep seed 001's fields in English; they are the
-- PublishBatchGrain's state, written inside each turn's fenced transaction, so what the status API
-- reads is exactly what the grain committed. Each clip carries an idempotency key that is committed
-- (status `uploading`) before Metricool is called: a call whose outcome is unknown is looked up by
-- that key, never simply repeated. `publish_batch_events` is the ordered log of every batch and clip
-- transition: the SSE stream replays it from Last-Event-ID and is woken by NOTIFY at commit.

create table publish_batches (
    batch_id           text        primary key,
    tenant             text        not null,
    idempotency_key    text,
    request_hash       bytea       not null,
    user_id            text        not null,
    account_id         text        not null,
    publish_mode       text        not null check (publish_mode in ('now', 'scheduled', 'bestTime')),
    status             text        not null default 'processing'
                       check (status in ('processing', 'paused', 'completed', 'failed', 'cancelled')),
    stop_on_failure    boolean     not null default false,
    total_clips        int         not null,
    published_clips    int         not null default 0,
    failed_clips       int         not null default 0,
    current_clip_index int         not null default 0,
    scheduled_for      timestamptz,
    error_msg          text,
    created_at         timestamptz not null default now(),
    started_at         timestamptz,
    completed_at       timestamptz,
    updated_at         timestamptz not null default now()
);

-- A retried create (same Idempotency-Key from the same tenant) finds the batch it already made;
-- request_hash tells a retry from a different request reusing the key (refused with 422).
create unique index publish_batches_idempotency on publish_batches (tenant, idempotency_key)
    where idempotency_key is not null;
create index publish_batches_user_active on publish_batches (user_id) where status in ('processing', 'paused');
create index publish_batches_created on publish_batches (created_at desc);

create table publish_batch_clips (
    batch_id             text        not null references publish_batches (batch_id) on delete cascade,
    clip_index           int         not null,
    clip_url             text        not null,
    clip_title           text        not null default '',
    idempotency_key      text        not null unique,
    status               text        not null default 'pending'
                         check (status in ('pending', 'uploading', 'waiting_confirmation', 'published', 'scheduled',
                                           'failed', 'unconfirmed', 'skipped', 'cancelled')),
    metricool_post_id    bigint,
    facebook_post_id     text,
    error_msg            text,
    attempts             int         not null default 0,
    confirmation_tries   int         not null default 0,
    lookup_tries         int         not null default 0,
    create_if_missing    boolean     not null default false,
    scheduled_at         timestamptz,
    upload_started_at    timestamptz,
    uploaded_at          timestamptz,
    published_at         timestamptz,
    updated_at           timestamptz not null default now(),
    primary key (batch_id, clip_index)
);

create table publish_batch_events (
    batch_id   text        not null references publish_batches (batch_id) on delete cascade,
    seq        bigint      not null,
    event      jsonb       not null,
    created_at timestamptz not null default now(),
    primary key (batch_id, seq)
);
