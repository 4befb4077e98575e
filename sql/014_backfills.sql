-- 014_backfills: history walks of a Facebook page's posts and an Instagram account's media (issue 12, seed 002).
--
-- Webhooks bring only what is posted from now on; a backfill walks the Graph API's paged list of a
-- page's (or an Instagram account's) past posts and hands each to its post grain. One row per walk
-- (backfill_id `facebook:{pageId}` or `instagram:{igUserId}`) is the walking grain's state, written
-- after every page it finishes, with `version` as its ETag: the cursor of the next page and the
-- counts, so a node killed mid-walk resumes from the last finished page. `run` grows by one each time
-- a finished walk is started again; backfill_posts records which posts each run handed on, so the
-- status can count how many of them are archived or failed without guessing from dates.

create table backfills (
    backfill_id      text        primary key,
    source           text        not null check (source in ('facebook', 'instagram')),
    account_id       text        not null,
    tenant           text        not null,
    run              int         not null,
    status           text        not null check (status in ('running', 'paused', 'done', 'failed', 'cancelled')),
    since            timestamptz,
    until            timestamptz,
    cursor_after     text,
    pages_read       int         not null default 0,
    posts_found      int         not null default 0,
    oldest_reached   timestamptz,
    newest_reached   timestamptz,
    slowdowns        int         not null default 0,
    failures_in_row  int         not null default 0,
    refusals_in_row  int         not null default 0,
    not_before       timestamptz,
    last_usage       int,
    last_error       text,
    started_at       timestamptz not null,
    finished_at      timestamptz,
    updated_at       timestamptz not null default now(),
    version          bigint      not null
);

create index backfills_tenant on backfills (tenant);

create table backfill_posts (
    backfill_id text not null references backfills (backfill_id),
    run         int  not null,
    post_id     text not null,
    primary key (backfill_id, run, post_id)
);
