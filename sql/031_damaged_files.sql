-- 031_damaged_files: a post shows which of its files the integrity scrub could not repair (issue 21, "its post is marked").
--
-- The mark is read, never written into a post's row: posts and post_media belong to their grains, and a file is shared
-- by every post that holds it (as an item or as its preview), so one finding marks them all. damaged_files is the one
-- definition every reader uses (a post's page, the posts list's `damaged` filter, the archiver deciding to store a file
-- again): the `missing` and `corrupted` findings left `unrepaired` by the latest run that went through the whole store
-- (`done`; a cancelled or failed run did not look at every file), unless the file was stored again since. A later run
-- that finds the file sound or repairs it moves the mark with it; `stored_again_at` covers a repair that comes first
-- (a later run still going, or cancelled, that fetched it again) and an archive that brought the same bytes again.

alter table media_files add column stored_again_at timestamptz;

create view damaged_files as
select f.sha256, f.kind, f.storage_key, f.detail, f.found_at, f.run
  from scrub_findings f
  join media_files m on m.sha256 = f.sha256
 where f.run = (select max(r.run) from scrub_runs r where r.status = 'done')
   and f.outcome = 'unrepaired' and f.kind in ('missing', 'corrupted')
   and (m.stored_again_at is null or m.stored_again_at < f.found_at);
