-- 022_seed_views: the seeds' tables as read-only views, for the jobs that already read them (issue 22).
--
-- Seed 000's publishing job reads meta_publicaciones_webhook.imagen_local / video_local, and seed 002's
-- dashboard reads media_storage and the local_*_id columns it added to facebook_posts and
-- facebook_post_attachments. Silo keeps that data in posts, post_media and media_files; these views
-- show it in the seeds' names and columns, so such a consumer moves to Silo by pointing its
-- connection at this database with `search_path=seeds` (or schema-qualified names). They live in their
-- own schema so they never clash with tables of those names a team already has, and they are views
-- over joins, so PostgreSQL refuses writes through them: Silo's grains stay the only writers.
--
-- Ids: a seed's UUID for a stored file is derived from the file's SHA-256 (md5 of it, as a uuid), stable
-- for as long as the file exists. URLs are the stored public links (relative `/media/...` for the
-- filesystem store unless Silo:Media:Storage:PublicBaseUrl is absolute).

create schema if not exists seeds;

-- Seed 000: one row per Facebook or Instagram post, with its first image and first video.
create view seeds.meta_publicaciones_webhook as
select p.source_post_id                                         as post_id,
       case when p.source = 'facebook' then split_part(p.source_post_id, '_', 1) end as page_id,
       p.source                                                 as origen,
       p.tenant                                                 as nombre_nora,
       p.item_type                                              as tipo_item,
       p.message                                                as mensaje,
       image.original_url                                       as imagen_url,
       image.public_url                                         as imagen_local,
       image.archived_at                                        as imagen_descargada_en,
       video.original_url                                       as video_url,
       video.public_url                                         as video_local,
       video.public_url                                         as video_url_public,
       video.storage_key                                        as video_storage_path,
       video.archived_at                                        as video_descargado_en,
       p.status in ('success', 'skipped')                       as procesada,
       p.status                                                 as media_status,
       p.attempts                                               as media_attempts,
       p.last_error                                             as media_last_error,
       p.updated_at                                             as media_updated_at,
       p.created_at                                             as creado_en
  from posts p
  left join lateral (
      select m.original_url, m.public_url, m.archived_at from post_media m
       where m.post_id = p.post_id and m.kind = 'image' and m.role <> 'thumbnail'
       order by (m.slot = 'full_picture') desc, (m.slot = 'picture') desc, m.slot limit 1) image on true
  left join lateral (
      select m.original_url, m.public_url, m.storage_key, m.archived_at from post_media m
       where m.post_id = p.post_id and m.kind = 'video'
       order by m.slot limit 1) video on true
 where p.source in ('facebook', 'instagram');

-- Seed 002: each stored file.
create view seeds.media_storage as
select md5(f.sha256)::uuid                                      as id,
       (select min(m.original_url) from post_media m where m.sha256 = f.sha256) as original_url,
       regexp_replace(f.storage_key, '^.*/', '')                as local_filename,
       f.storage_key                                            as local_path,
       (select min(m.public_url) from post_media m where m.sha256 = f.sha256) as public_url,
       f.size                                                   as file_size,
       f.mime_type,
       f.width,
       f.height,
       'success'::text                                          as download_status,
       null::text                                               as error_message,
       f.created_at                                             as downloaded_at,
       f.created_at,
       f.created_at                                             as updated_at
  from media_files f;

-- Seed 002: a Facebook post's picture and full picture, original and stored.
create view seeds.facebook_posts as
select p.source_post_id                                         as id,
       split_part(p.source_post_id, '_', 1)                     as page_id,
       p.tenant,
       p.message,
       p.permalink                                              as permalink_url,
       p.created_at                                             as created_time,
       picture.original_url                                     as picture,
       full_picture.original_url                                as full_picture,
       md5(picture.sha256)::uuid                                as local_picture_id,
       md5(full_picture.sha256)::uuid                           as local_full_picture_id,
       picture.public_url                                       as local_picture_url,
       full_picture.public_url                                  as local_full_picture_url
  from posts p
  left join post_media picture on picture.post_id = p.post_id and picture.slot = 'picture'
  left join post_media full_picture on full_picture.post_id = p.post_id and full_picture.slot = 'full_picture'
 where p.source = 'facebook';

-- Seed 002: a Facebook post's attachments (and subattachments), each with its stored media and thumbnail.
create view seeds.facebook_post_attachments as
select p.source_post_id                                         as post_id,
       regexp_replace(m.slot, ':video$', '')                    as attachment_key,
       m.kind                                                   as media_type,
       m.original_url                                           as media_url,
       md5(m.sha256)::uuid                                      as local_media_id,
       md5(m.preview_sha256)::uuid                              as local_thumbnail_id,
       m.public_url                                             as local_media_url,
       m.preview_url                                            as local_thumbnail_url,
       m.status                                                 as download_status
  from posts p
  join post_media m on m.post_id = p.post_id
 where p.source = 'facebook' and (m.slot like 'attachment:%' or m.slot like 'subattachment:%');
