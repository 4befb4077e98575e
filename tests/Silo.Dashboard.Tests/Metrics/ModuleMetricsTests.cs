using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Metrics;

/// <summary>
/// /metrics carries the modules' figures, read from their tables: a batch published for real through
/// the Metricool simulator, media and insight rows in the modules' own tables. The whole scrape must
/// still pass the strict text-format checker.
/// </summary>
public sealed class ModuleMetricsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task GetMetrics_ModulesHaveWork_DownloadsDedupPublishesSyncsAndRateLimitWaitsReported()
    {
        var ct = TestContext.Current.CancellationToken;
        await database.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, status) values
              ('facebook:1', 'facebook', '1', 't', 'success'), ('facebook:2', 'facebook', '2', 't', 'success'), ('facebook:3', 'facebook', '3', 't', 'error');
            insert into media_files (sha256, storage_key, backend, size, mime_type, reference_count) values ('h1', 'sha256/h1', 'filesystem', 1000, 'image/png', 2);
            insert into post_media (post_id, slot, role, kind, original_url, action, status, sha256, size) values
              ('facebook:1', 'image', 'primary', 'image', 'https://cdn.test/a.png', 'download', 'success', 'h1', 1000),
              ('facebook:2', 'image', 'primary', 'image', 'https://cdn.test/a.png', 'download', 'success', 'h1', 1000);
            insert into media_attempts (post_id, attempt, succeeded) values ('facebook:1', 1, true), ('facebook:2', 1, true), ('facebook:3', 1, false);
            insert into transcripts (sha256, storage_key, mime_type, size, has_sound, status, calls, requested_at, version,
                                     text_key, vtt_key, backend, text_bytes, vtt_bytes)
            values ('h1', 'sha256/h1', 'image/png', 1000, true, 'done', 3, now(), 1, 'sha256/h1.transcript.txt', 'sha256/h1.transcript.vtt', 'filesystem', 40, 90);
            insert into ad_accounts (account_id, tenant, name, token_ref) values ('act_1', 't', 'Shop', 'token'), ('act_2', 't', 'Blog', 'token');
            insert into ad_account_limits (account_id, throttled_until, usage_percent) values ('act_1', now() + interval '10 minutes', 96);
            insert into sync_runs (sync_id, sync_type, mode, tenant, days_back) values ('00000000-0000-0000-0000-000000000001', 'manual', 'stub', 't', 7);
            insert into sync_run_entities (sync_id, entity_id, entity_type, ok) values
              ('00000000-0000-0000-0000-000000000001', 'c1', 'campaign', true), ('00000000-0000-0000-0000-000000000001', 'c2', 'campaign', false);
            """);
        await using var metricool = await MetricoolServer.StartAsync();
        await using var node = await DashboardNode.StartAsync(database, metricool.NodeSettings());
        var batchId = await MetricoolServer.PublishAsync(node, "metrics", 2);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<string>(
            "select status from publish_batches where batch_id = @b", ("b", batchId)) == "completed", "the batch is published", TimeSpan.FromSeconds(60));

        var families = PrometheusText.Parse(PrometheusText.WithoutOrleansSamples(await node.AdminClient().GetStringAsync("/metrics", ct)));

        double Value(string name, params (string Label, string Value)[] labels) =>
            families[name].Samples.Single(s => labels.All(l => s.Labels[l.Label] == l.Value)).Value;
        Assert.Equal("counter", families["silo_media_archive_attempts_total"].Type);
        Assert.Equal((2, 1), (Value("silo_media_archive_attempts_total", ("outcome", "success")), Value("silo_media_archive_attempts_total", ("outcome", "failure"))));
        Assert.Equal((1000, 2000), (Value("silo_media_stored_bytes"), Value("silo_media_archived_bytes")));
        Assert.Equal((1, 1000), (Value("silo_media_dedup_hits"), Value("silo_media_dedup_saved_bytes")));
        Assert.Equal(1, Value("silo_media_posts", ("status", "error")));
        Assert.Equal((1, 0), (Value("silo_media_transcripts", ("status", "done")), Value("silo_media_transcripts", ("status", "failed"))));
        Assert.Equal(3, Value("silo_media_transcription_calls_total"));
        // A finished transcript's text and WebVTT, stored beside the media and counted apart from it.
        Assert.Equal((2, 130, 1), (Value("silo_media_transcript_files"), Value("silo_media_transcript_stored_bytes"), Value("silo_media_files")));
        Assert.Equal(2, Value("silo_publish_clips", ("status", "published")));
        Assert.Equal(0, Value("silo_publish_clips", ("status", "failed")));
        Assert.Equal(1, Value("silo_publish_batches", ("status", "completed")));
        Assert.Equal(1, Value("silo_insights_sync_runs", ("type", "manual")));
        Assert.Equal((1, 1), (Value("silo_insights_entity_syncs", ("outcome", "success")), Value("silo_insights_entity_syncs", ("outcome", "failure"))));
        Assert.InRange(Value("silo_insights_rate_limit_wait_seconds", ("account", "act_1")), 500, 600);
        Assert.Equal(0, Value("silo_insights_rate_limit_wait_seconds", ("account", "act_2")));
        Assert.Equal(96, Value("silo_insights_api_usage_percent", ("account", "act_1")));
    }
}
