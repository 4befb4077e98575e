using System.Net.Http.Json;
using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Sections;

/// <summary>A walk's progress as the media page and /metrics show it, over rows in sql/014_backfills.sql's tables.</summary>
public sealed class BackfillProgressTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task MediaPageAndMetrics_RunningAndOldBackfills_OnlyTheRunningOneWithItsCounts()
    {
        var ct = TestContext.Current.CancellationToken;
        await database.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, status, next_retry_at) values
              ('fb:7_1', 'facebook', '7_1', 't', 'success', null), ('fb:7_2', 'facebook', '7_2', 't', 'success', null),
              ('fb:7_3', 'facebook', '7_3', 't', 'error', null), ('fb:7_4', 'facebook', '7_4', 't', 'pending', null),
              ('fb:7_5', 'facebook', '7_5', 't', 'error', now() + interval '1 minute');
            insert into backfills (backfill_id, source, account_id, tenant, run, status, pages_read, posts_found, oldest_reached, started_at, version) values
              ('facebook:7', 'facebook', '7', 't', 1, 'running', 3, 5, '2024-03-01T00:00:00Z', now(), 4),
              ('facebook:8', 'facebook', '8', 't', 1, 'done', 9, 0, null, now() - interval '2 days', 9);
            update backfills set finished_at = now() - interval '1 day' where backfill_id = 'facebook:8';
            insert into backfill_posts (backfill_id, run, post_id) values
              ('facebook:7', 1, 'fb:7_1'), ('facebook:7', 1, 'fb:7_2'), ('facebook:7', 1, 'fb:7_3'), ('facebook:7', 1, 'fb:7_4'), ('facebook:7', 1, 'fb:7_5');
            """);
        await using var node = await DashboardNode.StartAsync(database);

        var media = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/media", ct);
        var walk = Assert.Single(media.GetProperty("backfills").EnumerateArray());
        Assert.Equal(("facebook:7", "running", 3, 5), (walk.GetProperty("id").GetString(), walk.GetProperty("status").GetString(),
            walk.GetProperty("pagesRead").GetInt32(), walk.GetProperty("postsFound").GetInt32()));
        // fb:7_5 waits for a retry: in progress, not failed.
        Assert.Equal((2L, 1L, 2L), (walk.GetProperty("archived").GetInt64(), walk.GetProperty("failed").GetInt64(), walk.GetProperty("inProgress").GetInt64()));
        Assert.Equal(0.6, walk.GetProperty("progress").GetDouble());

        var families = PrometheusText.Parse(PrometheusText.WithoutOrleansSamples(await node.AdminClient().GetStringAsync("/metrics", ct)));
        double Value(string name) => families[name].Samples.Single(s => s.Labels["backfill"] == "facebook:7" && s.Labels["status"] == "running").Value;
        Assert.Equal(3, Value("silo_backfill_pages_read"));
        Assert.Equal(5, Value("silo_backfill_posts_found"));
        Assert.Equal(2, Value("silo_backfill_posts_archived"));
        Assert.Equal(1, Value("silo_backfill_posts_failed"));
        Assert.Equal(0.6, Value("silo_backfill_progress"));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), Value("silo_backfill_oldest_reached_seconds"));
        Assert.DoesNotContain(families["silo_backfill_pages_read"].Samples, s => s.Labels["backfill"] == "facebook:8");
    }
}
