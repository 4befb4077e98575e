using Silo.Testing;

namespace Silo.Dashboard.Tests.Support;

/// <summary>
/// Rows in the shape issues 3, 4 and 5 describe, for the browser to render the module sections
/// with data before those modules are merged. Each table is created only when no module made it.
/// </summary>
public static class SampleModuleData
{
    public static readonly Guid Batch = Guid.Parse("0190f0c2-7a1e-7cc0-9d1e-3c1f5a000001");
    public const int Clips = 12;

    /// <summary>Returns false (and writes nothing) when a module already owns any of these tables.</summary>
    public static async Task<bool> CreateAsync(TestDatabase database)
    {
        var existing = await database.ScalarAsync<long>("""
            select count(*) from unnest(array['posts','media_files','alerts','publish_batches','publish_batch_clips','meta_ad_insights','sync_runs']) t
             where to_regclass(t) is not null
            """);
        if (existing > 0) return false;
        await database.ExecuteAsync("""
            create table posts (post_id text primary key, status text not null, last_error jsonb, updated_at timestamptz not null default now());
            create table media_files (sha256 text primary key, size_bytes bigint not null, reference_count int not null);
            create table alerts (id serial primary key, raised_at timestamptz not null default now(), kind text, message text, resolved boolean not null default false);
            create table publish_batches (batch_id uuid primary key, status text not null, created_at timestamptz not null default now());
            create table publish_batch_clips (batch_id uuid not null, clip_index int not null, clip_title text, status text not null, error_msg text,
                primary key (batch_id, clip_index));
            create table meta_ad_insights (campaign_id text, adset_id text, ad_id text, entity_type text not null, date_start date not null,
                spend numeric, impressions bigint, clicks bigint, conversions bigint, revenue numeric);
            create table sync_runs (sync_id uuid primary key, started_at timestamptz not null, sync_type text, mode text,
                total_duration_seconds float8, success boolean, errors jsonb);

            insert into posts select 'fb:' || i, case when i % 11 = 0 then 'error' when i % 7 = 0 then 'pending' when i % 13 = 0 then 'skipped' else 'success' end,
                   case when i % 11 = 0 then jsonb_build_object('message', 'CDN answered 503', 'type', 'http', 'attempt', 5) end, now() - i * interval '1 minute'
              from generate_series(1, 240) i;
            insert into media_files select md5(i::text), 180000 + i * 1000, 1 + i % 3 from generate_series(1, 200) i;
            insert into alerts (raised_at, kind, message, resolved) values
              (now() - interval '5 minutes', 'error_rate', 'Download error rate 24% over the last 15 minutes (alert line 20%)', true);
            insert into publish_batches values (@batch, 'processing', now() - interval '2 minutes'),
              (gen_random_uuid(), 'completed', now() - interval '1 hour'), (gen_random_uuid(), 'paused', now() - interval '30 minutes');
            insert into publish_batch_clips select @batch, i, 'Story clip ' || (i + 1), case when i = 0 then 'uploading' else 'pending' end, null
              from generate_series(0, @clips - 1) i;
            insert into publish_batch_clips select batch_id, 0, 'Teaser', 'unconfirmed', 'publish call timed out; Metricool lookup found nothing'
              from publish_batches where status = 'paused';
            insert into meta_ad_insights select 'cmp-' || c, null, null, 'campaign', current_date - d,
                   40 + c * 15 + d % 5 * 3, 9000 + c * 1000 + d * 37, 180 + c * 20 + d, 6 + c, (40 + c * 15) * (1.2 + c * 0.3 + (d % 4) * 0.1)
              from generate_series(1, 5) c, generate_series(1, 28) d;
            insert into sync_runs values (gen_random_uuid(), now() - interval '3 minutes', 'scheduled', 'stub', 4.2, true, '[]'),
              (gen_random_uuid(), now() - interval '33 minutes', 'manual', 'stub', 3.9, false, '["Campaign cmp-3: Rate limit exceeded"]');
            """, ("batch", Batch), ("clips", Clips));
        return true;
    }

    /// <summary>
    /// Publishes the sample batch's clips one by one, as the publishing grain would, and starts the
    /// batch over when every clip is out, until cancelled: the progress keeps moving whenever the page looks.
    /// </summary>
    public static async Task AdvanceClipsAsync(TestDatabase database, TimeSpan every, CancellationToken cancellationToken)
    {
        try
        {
            for (var step = 0; ; step = (step + 1) % (Clips + 1))
            {
                await Task.Delay(every, cancellationToken);
                await database.ExecuteAsync("""
                    update publish_batch_clips
                       set status = case when clip_index < @step then 'published' when clip_index = @step then 'uploading' else 'pending' end
                     where batch_id = @batch
                    """, ("batch", Batch), ("step", step));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
