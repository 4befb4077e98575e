-- 020_media_file_keys: /media/{key} serves only what Silo stored (issue 20, "Archived files").
--
-- The gateway looks a requested key up before it opens a file: a key must be a stored file (a media
-- item or its preview) or a transcript's text or WebVTT file, and the posts holding it decide whether
-- the file is public by link or private to their tenant. These indexes make that lookup one probe.

create index media_files_storage_key on media_files (storage_key);
create index transcripts_text_key on transcripts (text_key) where text_key is not null;
create index transcripts_vtt_key on transcripts (vtt_key) where vtt_key is not null;
