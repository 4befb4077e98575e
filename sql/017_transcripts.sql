-- 017_transcripts: transcripts of archived video and audio (issue 12, seed 003's "Whisper API").
--
-- One row per stored file (media_files.sha256), not per post: a file several posts share is sent to the
-- transcription API once. The row is the transcript grain's state, with `version` as its ETag. The
-- parts of a long file are kept in `parts` as each answer arrives, so a node that dies mid-way repeats
-- at most the call it was making. The finished text is kept here for search (GET /api/posts?q= looks in
-- it through post_media.sha256) and, with its WebVTT, in the blob store beside the media (text_key,
-- vtt_key). A file the API refused stays `failed` with the reason; nothing retries it by itself.

create table transcripts (
    sha256           text        primary key references media_files (sha256),
    storage_key      text        not null,
    mime_type        text        not null,
    size             bigint      not null,
    duration_seconds double precision,
    has_sound        boolean     not null,
    status           text        not null check (status in ('pending', 'transcribing', 'done', 'failed', 'skipped')),
    failures_in_row  int         not null default 0,
    calls            int         not null default 0,
    error_type       text,
    error            text,
    next_retry_at    timestamptz,
    plan             text,
    parts            jsonb       not null default '[]',
    model            text,
    language         text,
    text             text,
    text_key         text,
    text_url         text,
    vtt_key          text,
    vtt_url          text,
    requested_at     timestamptz not null,
    finished_at      timestamptz,
    updated_at       timestamptz not null default now(),
    version          bigint      not null
);

create index transcripts_outstanding on transcripts (status) where status in ('pending', 'transcribing');
