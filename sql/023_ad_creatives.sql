-- 023_ad_creatives: each ad's creative, its media archived like posts' media (issue 22, "Ad creatives archived").
--
-- An ad's creative images and videos live on the same expiring CDN links as posts. The ad's grain reads
-- its creative through the Marketing API when discovery lists a creative id it has not archived, stores
-- the media through the media archiver (content-addressed: bytes a post already stored are not stored
-- again, the creative points at the same `media_files` row) and keeps here what it read and where the
-- files are. `ad_creatives` is the grain's progress and the creative's text; `ad_creative_files` one
-- row per stored file (image, video, thumbnail), which `/media` reads to serve a creative's file to the
-- ad's tenant (the tenant of the ad's account) and to no other. `creatives_told` is the account grain's
-- record of which creative id it told each ad, so a discovery that finds the same creative tells nothing.

alter table ad_accounts add column creatives_told jsonb not null default '{}';

create table ad_creatives (
    ad_id             text        primary key references ad_entities (entity_id),
    creative_id       text        not null,
    status            text        not null check (status in ('pending', 'archived', 'failed')),
    attempts          int         not null default 0,
    next_attempt_at   timestamptz,
    error             text,
    name              text,
    title             text,
    body              text,
    video_id          text,
    object_story_spec jsonb,
    archived_at       timestamptz,
    updated_at        timestamptz not null default now()
);

create table ad_creative_files (
    ad_id            text             not null references ad_creatives (ad_id) on delete cascade,
    role             text             not null check (role in ('image', 'video', 'thumbnail')),
    original_url     text             not null,
    sha256           text             not null references media_files (sha256),
    storage_key      text             not null,
    public_url       text,
    mime_type        text             not null,
    size             bigint           not null,
    width            int,
    height           int,
    duration_seconds double precision,
    preview_sha256   text,
    preview_url      text,
    primary key (ad_id, role)
);

create index ad_creative_files_sha256 on ad_creative_files (sha256);
create index ad_creative_files_preview on ad_creative_files (preview_sha256) where preview_sha256 is not null;
