-- 026_deletion: deleting posts, and freeing the stored files nothing refers to any more (issue 21, deletion and retention).
--
-- A post deleted by a manager loses its rows (posts, post_media, media_attempts) in one write of its grain, which also
-- recounts the files it held. A file whose count reaches 0 is stamped `released_at` by that recount and kept for a grace
-- period: a post delivered again meanwhile points at the same row and re-uses the stored object (the stamp is cleared by
-- its recount). The sweep (FileSweepGrain) deletes, after the grace period, the rows and objects of files still held by
-- nothing at all: no post, no ad's creative, no other file's row as its preview, no transcript in progress.
-- Files already unreferenced before this migration are stamped now, so they too go after one grace period.
--
-- post_deletions is the audit trail (who, when, what) and the deleted post's tombstone: the version its row had, so a
-- stale activation of the post (still holding what it read before the deletion) cannot write the post back; only a new
-- delivery, read after the deletion, starts the post anew.

alter table media_files add column released_at timestamptz;
update media_files set released_at = now() where reference_count = 0;
create index media_files_released on media_files (released_at) where released_at is not null;

create table post_deletions (
    id          bigint      generated always as identity primary key,
    post_id     text        not null,
    tenant      text        not null,
    source      text        not null,
    actor       text        not null,
    reason      text        not null,
    version     bigint      not null,
    files       int         not null,
    deleted_at  timestamptz not null default now()
);

create index post_deletions_post on post_deletions (post_id, version desc);
create index post_deletions_tenant on post_deletions (tenant, id desc);
