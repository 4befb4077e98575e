namespace Silo.Media.Transcription.Backfill;

/// <summary>SQL of transcript_backfills and transcript_backfill_files (sql/024_transcript_backfills.sql), named Table+Verb.</summary>
internal static class TranscriptBackfillSql
{
    public const string Read = """
        select run, status, cursor_after, files_found, files_handed, failures_in_row, not_before, last_error, started_at, finished_at, version
          from transcript_backfills where backfill_id = @id
        """;

    /// <summary>The grain's own row, moved on only from the version its activation read (0: no row yet).</summary>
    public const string Upsert = """
        insert into transcript_backfills (backfill_id, tenant, source, run, status, cursor_after, files_found, files_handed, failures_in_row,
                                          not_before, last_error, started_at, finished_at, updated_at, version)
        values (@id, @tenant, @source, @run, @status, @cursor_after, @files_found, @files_handed, @failures_in_row,
                @not_before, @last_error, @started_at, @finished_at, now(), @expected_version + 1)
        on conflict (backfill_id) do update
           set run = excluded.run, status = excluded.status, cursor_after = excluded.cursor_after, files_found = excluded.files_found,
               files_handed = excluded.files_handed, failures_in_row = excluded.failures_in_row, not_before = excluded.not_before,
               last_error = excluded.last_error, started_at = excluded.started_at, finished_at = excluded.finished_at,
               updated_at = now(), version = excluded.version
         where transcript_backfills.version = @expected_version
        """;

    /// <summary>The files a step handed on; a step repeated after a crash adds none twice.</summary>
    public const string FilesInsert = """
        insert into transcript_backfill_files (backfill_id, run, sha256)
        select @id, @run, unnest(@sha256s) on conflict do nothing
        """;

    // What a post would have had transcribed (PostGrain.TranscribedFiles): an archived video or audio item that is not a
    // photo in a video slot, of one of the tenant's posts (of the source); and no transcript row yet, whatever its status.
    private const string Untranscribed = """
        from media_files f
        where not exists (select 1 from transcripts t where t.sha256 = f.sha256)
          and exists (select 1 from post_media m join posts p on p.post_id = m.post_id
                       where m.sha256 = f.sha256 and m.status = 'success' and m.kind in ('video', 'audio') and m.storage_key is not null
                         and coalesce(m.mime_type, '') not like 'image/%'
                         and p.tenant = @tenant and (@source::text is null or p.source = @source))
        """;

    public const string UntranscribedCount = $"select count(*)::int {Untranscribed}";

    /// <summary>The next files after the cursor, in SHA-256 order.</summary>
    public const string UntranscribedPage = $"""
        select f.sha256, f.storage_key, f.mime_type, f.size, f.duration_seconds, f.audio_codec is not null
          {Untranscribed}
          and (@after::text is null or f.sha256 > @after)
         order by f.sha256 limit @limit
        """;

    /// <summary>Files of this run still waiting for or in transcription.</summary>
    public const string InFlight = """
        select count(*)::int from transcript_backfill_files b join transcripts t on t.sha256 = b.sha256
         where b.backfill_id = @id and b.run = @run and t.status in ('pending', 'transcribing')
        """;

    private const string ViewColumns = """
        b.backfill_id, b.tenant, b.source, b.run, b.status, b.files_found, b.files_handed,
        coalesce(c.done, 0), coalesce(c.failed, 0), coalesce(c.skipped, 0), coalesce(c.in_progress, 0),
        b.not_before, b.last_error, b.started_at, b.finished_at, b.updated_at
        """;

    // Counted from the transcripts themselves, so "done" is what the transcript grains stored.
    private const string ViewFrom = """
        from transcript_backfills b
        left join lateral (
            select count(*) filter (where t.status = 'done') as done,
                   count(*) filter (where t.status = 'failed') as failed,
                   count(*) filter (where t.status = 'skipped') as skipped,
                   count(*) filter (where t.status in ('pending', 'transcribing')) as in_progress
              from transcript_backfill_files bf join transcripts t on t.sha256 = bf.sha256
             where bf.backfill_id = b.backfill_id and bf.run = b.run) c on true
        """;

    public const string ViewOne = $"select {ViewColumns} {ViewFrom} where b.backfill_id = @id";

    /// <summary>Backfills running, with files still transcribing, or finished in the last ten minutes: the dashboard's bars.</summary>
    public const string ViewActive = $"""
        select {ViewColumns} {ViewFrom}
         where (@tenant::text is null or b.tenant = @tenant)
           and (b.status = 'running' or coalesce(c.in_progress, 0) > 0 or b.finished_at > now() - interval '10 minutes')
         order by b.started_at desc limit 50
        """;
}
