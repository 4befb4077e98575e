-- 015_media_metadata: what the bytes of each stored file are (issue 11, seeds 002 and 003).
--
-- Codecs and EXIF orientation come from ffprobe and MetadataExtractor. Previews (a video's
-- thumbnail frame, a large image's downscaled copy) are files like any other, content-addressed in
-- media_files; media_files.preview_sha256 lets a later post with the same content reuse its preview,
-- and post_media.preview_sha256 counts as a reference, so a preview is kept while a post shows it.
-- Subtitle files of a YouTube video are post_media rows of kind 'subtitle' with their language;
-- the video's title, uploader, channel and upload date are kept on the post's YouTube item.

alter table media_files
    add column video_codec    text,
    add column audio_codec    text,
    add column orientation    int check (orientation between 1 and 8),
    add column preview_sha256 text references media_files (sha256);

alter table post_media
    add column video_codec    text,
    add column audio_codec    text,
    add column orientation    int,
    add column language       text,
    add column preview_sha256 text references media_files (sha256),
    add column preview_url    text,
    add column preview_width  int,
    add column preview_height int,
    add column title          text,
    add column uploader       text,
    add column channel        text,
    add column upload_date    date;

create index post_media_preview_sha256 on post_media (preview_sha256) where preview_sha256 is not null;
