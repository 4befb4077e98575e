namespace Silo.Media.Scrub;

/// <summary>SQL of the scrubs, scrub_runs and scrub_findings tables (sql/027_scrubs.sql, sql/034_scrub_transcripts.sql), named Table+Verb.</summary>
internal static class ScrubSql
{
    public const string Read = """
        select run, status, phase, cursor_sha256, files_checked, bytes_checked, objects_listed, last_error, started_at, finished_at,
               next_run_at, version, (select backend from scrub_runs r where r.run = s.run)
          from scrubs s where scrub_id = @id
        """;

    /// <summary>The grain's own row, moved on only from the version its activation read (0: no row yet).</summary>
    public const string Upsert = """
        insert into scrubs (scrub_id, run, status, phase, cursor_sha256, files_checked, bytes_checked, objects_listed, last_error,
                            started_at, finished_at, next_run_at, updated_at, version)
        values (@id, @run, @status, @phase, @cursor, @files_checked, @bytes_checked, @objects_listed, @last_error,
                @started_at, @finished_at, @next_run_at, now(), @expected_version + 1)
        on conflict (scrub_id) do update
           set run = excluded.run, status = excluded.status, phase = excluded.phase, cursor_sha256 = excluded.cursor_sha256,
               files_checked = excluded.files_checked, bytes_checked = excluded.bytes_checked, objects_listed = excluded.objects_listed,
               last_error = excluded.last_error, started_at = excluded.started_at, finished_at = excluded.finished_at,
               next_run_at = excluded.next_run_at, updated_at = now(), version = excluded.version
         where scrubs.version = @expected_version
        """;

    /// <summary>The run's report, kept after the next run starts.</summary>
    public const string RunUpsert = """
        insert into scrub_runs (run, status, phase, backend, files_checked, bytes_checked, objects_listed, last_error, started_at, finished_at)
        values (@run, @status, @phase, @backend, @files_checked, @bytes_checked, @objects_listed, @last_error, @started_at, @finished_at)
        on conflict (run) do update
           set status = excluded.status, phase = excluded.phase, files_checked = excluded.files_checked, bytes_checked = excluded.bytes_checked,
               objects_listed = excluded.objects_listed, last_error = excluded.last_error, finished_at = excluded.finished_at
        """;

    /// <summary>A step's findings; a step repeated after a crash adds none twice.</summary>
    public const string FindingsInsert = """
        insert into scrub_findings (run, kind, storage_key, sha256, size, outcome, detail)
        select @run, f.kind, f.storage_key, f.sha256, f.size, f.outcome, f.detail
          from unnest(@kinds::text[], @keys::text[], @hashes::text[], @sizes::bigint[], @outcomes::text[], @details::text[])
               as f(kind, storage_key, sha256, size, outcome, detail)
        on conflict (run, kind, storage_key) do update set outcome = excluded.outcome, detail = excluded.detail
        """;

    /// <summary>The next files after the cursor, in SHA-256 order (the primary key's).</summary>
    public const string FilesPage = """
        select sha256, storage_key, size, reference_count from media_files
         where backend = @backend and (@after::text is null or sha256 > @after)
         order by sha256 limit @limit
        """;

    /// <summary>The next done transcripts after the cursor whose files are in the run's store, in SHA-256 order (their primary key's).</summary>
    public const string TranscriptsPage = """
        select sha256, storage_key, text_key, vtt_key, parts::text from transcripts
         where status = 'done' and backend = @backend and text_key is not null and vtt_key is not null
           and (@after::text is null or sha256 > @after)
         order by sha256 limit @limit
        """;

    /// <summary>
    /// Of the listed keys, those neither a media file nor a transcript's text or WebVTT file names, nor a part of an export
    /// still kept (<see cref="Export.ExportIds.Folder"/>{id}/…; an expired or unknown export's part is an orphan: its deletion did not finish).
    /// </summary>
    public const string UnknownKeys = """
        select k.key, k.size from unnest(@keys::text[], @sizes::bigint[]) as k(key, size)
         where not exists (select 1 from media_files f where f.storage_key = k.key)
           and not exists (select 1 from transcripts t where t.text_key = k.key or t.vtt_key = k.key)
           and not (starts_with(k.key, @exports) and exists (
                   select 1 from media_exports e
                    where e.export_id = split_part(substr(k.key, length(@exports) + 1), '/', 1) and e.status <> 'expired'))
        """;

    /// <summary>Where a file came from: the downloaded items that hold it, with their post's Graph object (to refresh a link).</summary>
    public const string RepairSources = """
        select p.tenant, p.source, p.graph_object_id, m.slot, m.original_url, m.kind, coalesce(m.mime_type, f.mime_type)
          from post_media m join posts p on p.post_id = m.post_id join media_files f on f.sha256 = m.sha256
         where m.sha256 = @sha256 and m.action = 'download'
         order by p.post_id, m.slot
        """;

    /// <summary>The stored files a preview was made of: the content rows naming it, and the items showing it.</summary>
    public const string PreviewOriginals = """
        select f.sha256, f.storage_key, f.size, f.mime_type, f.width, f.height, f.duration_seconds
          from media_files f
         where f.preview_sha256 = @sha256
            or f.sha256 in (select m.sha256 from post_media m where m.preview_sha256 = @sha256 and m.sha256 is not null)
         order by f.sha256
        """;

    /// <summary>The tenants whose posts hold a file (as an item or its preview).</summary>
    public const string HolderTenants = """
        select distinct p.tenant from post_media m join posts p on p.post_id = m.post_id
         where m.sha256 = @sha256 or m.preview_sha256 = @sha256
        """;

    /// <summary>A finding a tenant sees: the cluster (<c>*</c>) every one, another tenant those on files its posts hold.</summary>
    private const string Visible = """
        (@tenant = '*' or exists (select 1 from post_media m join posts p on p.post_id = m.post_id
                                   where (m.sha256 = f.sha256 or m.preview_sha256 = f.sha256) and p.tenant = @tenant))
        """;

    public const string RunExists = "select exists (select 1 from scrub_runs where run = @run)";

    public const string RunsList = $"""
        select r.run, r.status, r.phase, r.backend, r.files_checked, r.bytes_checked, r.objects_listed, r.last_error, r.started_at, r.finished_at,
               count(f.kind) filter (where f.kind = 'missing'), count(f.kind) filter (where f.kind = 'corrupted'),
               count(f.kind) filter (where f.kind = 'dangling'), count(f.kind) filter (where f.kind = 'orphaned'),
               count(f.kind) filter (where f.outcome = 'repaired'), count(f.kind) filter (where f.outcome = 'unrepaired')
          from scrub_runs r left join scrub_findings f on f.run = r.run and {Visible}
         group by r.run order by r.run desc limit @limit
        """;

    public const string FindingsList = $"""
        select f.kind, f.storage_key, f.sha256, f.size, f.outcome, f.detail, f.found_at,
               (select array_agg(distinct p.post_id order by p.post_id) from post_media m join posts p on p.post_id = m.post_id
                 where (m.sha256 = f.sha256 or m.preview_sha256 = f.sha256) and (@tenant = '*' or p.tenant = @tenant))
          from scrub_findings f
         where f.run = @run and {Visible} and (@kind::text is null or f.kind = @kind)
         order by f.kind, f.storage_key limit @limit
        """;
}
