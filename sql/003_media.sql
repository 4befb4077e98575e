-- 003_media: posts and their archived media (seeds 000, 002, 003), attempts and alerts.
--
-- A post is a grain (post/<source>:<id>); these tables are its state, written inside each turn's
-- fenced transaction, so what the API reads is always what a committed turn decided.
-- media_files holds each stored content once, keyed by its SHA-256 (seed 003): post_media rows
-- point at it and reference_count is recounted from them, never incremented blindly, so a turn
-- replayed after a crash cannot inflate it. media_attempts feeds the error-rate alert (seed 000).

create table posts (
    post_id          text        primary key,
    source           text        not null check (source in ('facebook', 'instagram', 'patreon', 'youtube', 'manual')),
    source_post_id   text        not null,
    tenant           text        not null,
    message          text,
    item_type        text,
    permalink        text,
    graph_object_id  text,
    status           text        not null check (status in ('pending', 'downloading', 'success', 'error', 'skipped')),
    attempts         int         not null default 0,
    last_error       jsonb,
    links_expire_at  timestamptz,
    next_retry_at    timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    archived_at      timestamptz
);

create index posts_tenant_created on posts (tenant, created_at desc);
create index posts_status on posts (status);

create table media_files (
    sha256           text        primary key,
    storage_key      text        not null,
    backend          text        not null,
    size             bigint      not null,
    mime_type        text        not null,
    width            int,
    height           int,
    duration_seconds double precision,
    reference_count  int         not null default 0,
    created_at       timestamptz not null default now()
);

create table post_media (
    post_id          text        not null references posts (post_id) on delete cascade,
    slot             text        not null,
    role             text        not null,
    kind             text        not null,
    original_url     text        not null,
    action           text        not null,
    status           text        not null check (status in ('pending', 'success', 'error', 'skipped')),
    note             text,
    external_id      text,
    embed_html       text,
    sha256           text        references media_files (sha256),
    storage_key      text,
    public_url       text,
    size             bigint,
    mime_type        text,
    width            int,
    height           int,
    duration_seconds double precision,
    error            text,
    archived_at      timestamptz,
    primary key (post_id, slot)
);

create index post_media_sha256 on post_media (sha256) where sha256 is not null;

create table media_attempts (
    id           bigserial   primary key,
    post_id      text        not null,
    attempt      int         not null,
    succeeded    boolean     not null,
    error_type   text,
    attempted_at timestamptz not null default now()
);

create index media_attempts_at on media_attempts (attempted_at);

create table alerts (
    id          bigserial   primary key,
    kind        text        not null,
    message     text        not null,
    created_at  timestamptz not null default now(),
    resolved    boolean     not null default false,
    resolved_at timestamptz
);

-- One open alert per kind: a failing store raises one alert, not one per post.
create unique index alerts_one_open_per_kind on alerts (kind) where not resolved;
