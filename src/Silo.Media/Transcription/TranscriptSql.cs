namespace Silo.Media.Transcription;

/// <summary>SQL of the transcripts table, named Table+Verb.</summary>
internal static class TranscriptSql
{
    public const string Read = """
        select storage_key, mime_type, size, duration_seconds, has_sound, status, failures_in_row, calls, error_type, error, next_retry_at,
               plan, parts::text, model, language, text, text_key, text_url, vtt_key, vtt_url, requested_at, finished_at, version, backend, text_bytes, vtt_bytes
          from transcripts where sha256 = @id
        """;

    /// <summary>The grain's own row, moved on only from the version its activation read (0: no row yet).</summary>
    public const string Upsert = """
        insert into transcripts (sha256, storage_key, mime_type, size, duration_seconds, has_sound, status, failures_in_row, calls, error_type,
                                 error, next_retry_at, plan, parts, model, language, text, text_key, text_url, vtt_key, vtt_url,
                                 requested_at, finished_at, version, backend, text_bytes, vtt_bytes)
        values (@id, @storage_key, @mime_type, @size, @duration, @has_sound, @status, @failures_in_row, @calls, @error_type,
                @error, @next_retry_at, @plan, @parts, @model, @language, @text, @text_key, @text_url, @vtt_key, @vtt_url,
                @requested_at, @finished_at, @expected_version + 1, @backend, @text_bytes, @vtt_bytes)
        on conflict (sha256) do update
           set status = excluded.status, failures_in_row = excluded.failures_in_row, calls = excluded.calls,
               error_type = excluded.error_type, error = excluded.error, next_retry_at = excluded.next_retry_at, plan = excluded.plan,
               parts = excluded.parts, model = excluded.model, language = excluded.language, text = excluded.text,
               text_key = excluded.text_key, text_url = excluded.text_url, vtt_key = excluded.vtt_key, vtt_url = excluded.vtt_url,
               finished_at = excluded.finished_at, backend = excluded.backend, text_bytes = excluded.text_bytes,
               vtt_bytes = excluded.vtt_bytes, version = excluded.version, updated_at = now()
         where transcripts.version = @expected_version
        """;
}
