namespace Silo.Publishing.Batches;

/// <summary>SQL on <c>publish_batches</c>, <c>publish_batch_clips</c> and <c>publish_batch_events</c>.</summary>
internal static class PublishBatchSql
{
    /// <summary>LISTEN/NOTIFY channel; the payload is the batch id whose events grew.</summary>
    public const string EventsChannel = "publish_batch_events";

    public const string BatchSelect = """
        select batch_id, user_id, account_id, publish_mode, status, stop_on_failure, published_clips, failed_clips,
               current_clip_index, scheduled_for, error_msg, started_at, completed_at,
               (select coalesce(max(seq), 0) from publish_batch_events e where e.batch_id = b.batch_id),
               version, tenant, idempotency_key, request_hash, created_at, next_step_at
          from publish_batches b where batch_id = @batch_id
        """;

    public const string ClipsSelect = """
        select clip_index, clip_url, clip_title, idempotency_key, status, metricool_post_id, facebook_post_id, error_msg,
               attempts, confirmation_tries, lookup_tries, create_if_missing, scheduled_at, upload_started_at, uploaded_at, published_at
          from publish_batch_clips where batch_id = @batch_id order by clip_index
        """;

    /// <summary>
    /// The first write of a batch, at version 1. Any existing row (this batch id, or this tenant's
    /// Idempotency-Key on another batch) makes it insert nothing: the storage then refuses the write.
    /// </summary>
    public const string BatchInsert = """
        insert into publish_batches (batch_id, tenant, idempotency_key, request_hash, user_id, account_id, publish_mode, status,
                                     stop_on_failure, total_clips, published_clips, failed_clips, current_clip_index, scheduled_for,
                                     error_msg, created_at, started_at, completed_at, next_step_at, version)
        values (@batch_id, @tenant, @key, @hash, @user_id, @account_id, @mode, @status, @stop, @total, @published, @failed, @current,
                @scheduled_for, @error, @created_at, @started_at, @completed_at, @next_step_at, 1)
        on conflict do nothing
        """;

    /// <summary>Moves the version on only from the one this activation read: a stale activation updates nothing.</summary>
    public const string BatchUpdate = """
        update publish_batches
           set status = @status, published_clips = @published, failed_clips = @failed, current_clip_index = @current,
               error_msg = @error, started_at = @started_at, completed_at = @completed_at, next_step_at = @next_step_at,
               version = @version + 1, updated_at = now()
         where batch_id = @batch_id and version = @version
        """;

    public const string ClipsInsert = """
        insert into publish_batch_clips (batch_id, clip_index, clip_url, clip_title, idempotency_key, scheduled_at)
        select @batch_id, c.i, c.url, c.title, c.key, c.at
          from unnest(@index::int[], @url::text[], @title::text[], @key::text[], @at::timestamptz[]) as c(i, url, title, key, at)
        on conflict do nothing
        """;

    /// <summary>Every clip in one statement through unnest; unchanged rows are rewritten with their own values.</summary>
    public const string ClipsUpdate = """
        update publish_batch_clips c
           set status = u.status, metricool_post_id = u.metricool_post_id, facebook_post_id = u.facebook_post_id,
               error_msg = u.error_msg, attempts = u.attempts, confirmation_tries = u.confirmation_tries,
               lookup_tries = u.lookup_tries, create_if_missing = u.create_if_missing, scheduled_at = u.scheduled_at,
               upload_started_at = u.upload_started_at, uploaded_at = u.uploaded_at, published_at = u.published_at,
               updated_at = now()
          from unnest(@index::int[], @status::text[], @metricool_post_id::bigint[], @facebook_post_id::text[], @error_msg::text[],
                      @attempts::int[], @confirmation_tries::int[], @lookup_tries::int[], @create_if_missing::bool[],
                      @scheduled_at::timestamptz[], @upload_started_at::timestamptz[], @uploaded_at::timestamptz[],
                      @published_at::timestamptz[])
               as u(clip_index, status, metricool_post_id, facebook_post_id, error_msg, attempts, confirmation_tries, lookup_tries,
                    create_if_missing, scheduled_at, upload_started_at, uploaded_at, published_at)
         where c.batch_id = @batch_id and c.clip_index = u.clip_index
           and (c.status, c.metricool_post_id, c.facebook_post_id, c.error_msg, c.attempts, c.confirmation_tries, c.lookup_tries,
                c.create_if_missing, c.scheduled_at, c.upload_started_at, c.uploaded_at, c.published_at)
               is distinct from
               (u.status, u.metricool_post_id, u.facebook_post_id, u.error_msg, u.attempts, u.confirmation_tries, u.lookup_tries,
                u.create_if_missing, u.scheduled_at, u.upload_started_at, u.uploaded_at, u.published_at)
        """;

    /// <summary>Appends events; a commit retried after a deadlock writes the same seqs again, which are ignored.
    /// NOTIFY is delivered at commit, so a stream never hears of an event it cannot read yet.</summary>
    public const string EventsInsert = $"""
        with inserted as (
            insert into publish_batch_events (batch_id, seq, event)
            select @batch_id, e.seq, e.event from unnest(@seqs::bigint[], @events::jsonb[]) as e(seq, event)
            on conflict (batch_id, seq) do nothing
            returning 1)
        select pg_notify('{EventsChannel}', @batch_id) from (select 1) one where exists (select 1 from inserted)
        """;

    public const string EventsAfter =
        "select seq, event::text from publish_batch_events where batch_id = @batch_id and seq > @after order by seq";
}
