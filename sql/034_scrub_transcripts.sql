-- 034_scrub_transcripts: the integrity scrub checks transcripts' text and WebVTT files too (issue 21).
--
-- They are not media_files rows, but they are reproducible: a `done` transcript renders the same bytes from its stored
-- parts. A run gains a phase between `files` and `objects`, `transcripts`: every `done` transcript on the run's store in
-- SHA-256 order (cursor_sha256 is then the last transcript checked), its two files compared with what its parts render,
-- and one missing or different written again by its grain. Its finding carries the media file's SHA-256, so the tenants
-- whose posts hold that file see it with their posts; but the media file is sound, so damaged_files keeps to findings on
-- a media_files row's own key: a transcript's file never marks a post nor makes the archiver store its media again.

alter table scrubs drop constraint scrubs_phase_check;
alter table scrubs add constraint scrubs_phase_check check (phase in ('files', 'transcripts', 'objects', 'over'));

create or replace view damaged_files as
select f.sha256, f.kind, f.storage_key, f.detail, f.found_at, f.run
  from scrub_findings f
  join media_files m on m.sha256 = f.sha256 and m.storage_key = f.storage_key
 where f.run = (select max(r.run) from scrub_runs r where r.status = 'done')
   and f.outcome = 'unrepaired' and f.kind in ('missing', 'corrupted')
   and (m.stored_again_at is null or m.stored_again_at < f.found_at);
