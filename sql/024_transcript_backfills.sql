-- 024_transcript_backfills: transcripts of files archived before transcription was on, and what transcripts store (issue 22).
--
-- A post asks for its files' transcripts only when its own archive work ends, so files archived while
-- Silo:Transcription:Enabled was false have none. A transcript backfill walks a tenant's archived video
-- and audio files (all sources, or one) in SHA-256 order and asks each file's transcript grain for its
-- transcript, a few at a time. One row per backfill (backfill_id `{source|all}:{tenant}`) is the walking
-- grain's state with `version` as its ETag: `cursor_after` is the last file handed on, so a node that
-- dies mid-walk is followed by one that goes on from there (a file handed on twice is recognised by its
-- transcript grain). transcript_backfill_files records which files each run handed on, so its progress
-- is counted from the transcripts themselves. A file that already has a transcript row is never handed
-- on: it is transcribed, being transcribed, or was refused, and a backfill changes none of that.
--
-- Transcript files are stored beside the media but are not media_files rows; their sizes and store are
-- kept on the transcript so the storage figures can count them. A transcript finished before this
-- migration has its text file's size (the text it holds); its WebVTT's size was not kept and stays
-- unknown (null, counted as 0 bytes) until the file is transcribed again.

alter table transcripts
    add column backend    text,
    add column text_bytes bigint,
    add column vtt_bytes  bigint;

update transcripts t
   set backend = f.backend,
       text_bytes = case when t.text_key is not null then octet_length(coalesce(t.text, '')) end
  from media_files f
 where f.sha256 = t.sha256 and t.status = 'done';

create table transcript_backfills (
    backfill_id     text        primary key,
    tenant          text        not null,
    source          text        check (source in ('facebook', 'instagram', 'patreon', 'youtube', 'manual')),
    run             int         not null,
    status          text        not null check (status in ('running', 'done', 'failed', 'cancelled')),
    cursor_after    text,
    files_found     int         not null default 0,
    files_handed    int         not null default 0,
    failures_in_row int         not null default 0,
    not_before      timestamptz,
    last_error      text,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    updated_at      timestamptz not null default now(),
    version         bigint      not null
);

create index transcript_backfills_tenant on transcript_backfills (tenant);

create table transcript_backfill_files (
    backfill_id text not null references transcript_backfills (backfill_id),
    run         int  not null,
    sha256      text not null,
    primary key (backfill_id, run, sha256)
);
