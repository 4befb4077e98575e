-- 027_scrubs: the integrity scrub, which re-reads every stored object and checks it against media_files (issue 21).
--
-- Objects are shared across tenants by SHA-256, so a scrub is the cluster's: one grain (scrub_id `cluster`)
-- whose row here is its state with `version` as its ETag. A run walks media_files in SHA-256 order
-- (`cursor_sha256` is the last file checked, so a node that dies mid-run is followed by one that goes on from
-- there), then lists the store for objects no row names. scrub_runs keeps one report per run; scrub_findings
-- what each run found: `missing` and `corrupted` files (a post still holds them, so they are fetched again
-- from their original link: `repaired`, or `unrepaired` with the reason, which marks the posts and raises
-- an alert to their tenants), `dangling` rows (nothing holds them and their object is gone) and `orphaned`
-- objects (no row names them). Dangling rows and orphans are only listed: deletion decides what goes.
-- A finding is recorded once per run and key, so a page checked again after a crash adds nothing twice.

create table scrubs (
    scrub_id        text        primary key,
    run             int         not null,
    status          text        not null check (status in ('running', 'done', 'failed', 'cancelled')),
    phase           text        not null check (phase in ('files', 'objects', 'over')),
    cursor_sha256   text,
    files_checked   int         not null default 0,
    bytes_checked   bigint      not null default 0,
    objects_listed  int         not null default 0,
    last_error      text,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    next_run_at     timestamptz,
    updated_at      timestamptz not null default now(),
    version         bigint      not null
);

create table scrub_runs (
    run             int         primary key,
    status          text        not null,
    phase           text        not null,
    backend         text        not null,
    files_checked   int         not null,
    bytes_checked   bigint      not null,
    objects_listed  int         not null,
    last_error      text,
    started_at      timestamptz not null,
    finished_at     timestamptz
);

create table scrub_findings (
    run             int         not null references scrub_runs (run) on delete cascade,
    kind            text        not null check (kind in ('missing', 'corrupted', 'dangling', 'orphaned')),
    storage_key     text        not null,
    sha256          text,
    size            bigint,
    outcome         text        not null check (outcome in ('repaired', 'unrepaired', 'listed')),
    detail          text,
    found_at        timestamptz not null default now(),
    primary key (run, kind, storage_key)
);

create index scrub_findings_sha256 on scrub_findings (sha256) where sha256 is not null;
