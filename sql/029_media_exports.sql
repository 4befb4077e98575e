-- 029_media_exports: a tenant's archive taken out of Silo as one tar file (issue 21's export).
--
-- One row per export (export_id, a new id per request) is its grain's state with `version` as its ETag. The
-- grain walks the tenant's posts matching the request (source, created_at from/to) in post_id order, a
-- segment of posts at a time; each segment is one tar object in the blob store (exports/{id}/NNNNNN.tar)
-- with its manifest lines beside it. `cursor_after` (the last post written) and `segments` are stored after
-- each segment, so a node that dies mid-segment is followed by one that writes only that segment again.
create table media_exports (
    export_id      text        primary key,
    tenant         text        not null,
    source         text        check (source in ('facebook', 'instagram', 'patreon', 'youtube', 'manual')),
    from_at        timestamptz,
    to_at          timestamptz,
    requested_by   text        not null,
    status         text        not null check (status in ('running', 'done', 'failed', 'cancelled')),
    cursor_after   text,
    segments       int         not null default 0,
    posts_found    int         not null default 0,
    posts_written  int         not null default 0,
    files_written  bigint      not null default 0,
    archive_bytes  bigint      not null default 0,
    failures_in_row int        not null default 0,
    not_before     timestamptz,
    last_error     text,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    updated_at     timestamptz not null default now(),
    version        bigint      not null
);

create index media_exports_tenant on media_exports (tenant, started_at desc);
