using System.Net.Http.Json;
using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Sections;

/// <summary>A Patreon crawl's progress as the media page and /metrics show it, over rows in sql/016_patreon_crawls.sql's tables.</summary>
public sealed class PatreonCrawlProgressTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task MediaPageAndMetrics_RunningAndOldCrawls_OnlyTheRunningOneWithItsCounts()
    {
        var ct = TestContext.Current.CancellationToken;
        await database.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, status, next_retry_at) values
              ('patreon:71', 'patreon', '71', 't', 'success', null), ('patreon:72', 'patreon', '72', 't', 'error', null),
              ('patreon:73', 'patreon', '73', 't', 'pending', null);
            insert into patreon_crawls (campaign_id, tenant, run, status, phase, pages_read, posts_found, details_read, posts_gone, started_at, version) values
              ('7', 't', 1, 'running', 'details', 2, 5, 3, 1, now(), 6),
              ('8', 't', 1, 'done', 'collections', 9, 0, 0, 0, now() - interval '2 days', 9);
            update patreon_crawls set finished_at = now() - interval '1 day' where campaign_id = '8';
            insert into patreon_crawl_posts (campaign_id, run, post_id, position, state) values
              ('7', 1, '71', 0, 'handed'), ('7', 1, '72', 1, 'handed'), ('7', 1, '73', 2, 'handed'), ('7', 1, '74', 3, 'gone'), ('7', 1, '75', 4, 'listed');
            """);
        await using var node = await DashboardNode.StartAsync(database);

        var media = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/media", ct);
        var crawl = Assert.Single(media.GetProperty("patreon_crawls").EnumerateArray());
        Assert.Equal(("7", "running", "details", 5, 3), (crawl.GetProperty("campaignId").GetString(), crawl.GetProperty("status").GetString(),
            crawl.GetProperty("phase").GetString(), crawl.GetProperty("postsFound").GetInt32(), crawl.GetProperty("detailsRead").GetInt32()));
        Assert.Equal((1L, 1L, 1L), (crawl.GetProperty("archived").GetInt64(), crawl.GetProperty("failed").GetInt64(), crawl.GetProperty("inProgress").GetInt64()));
        Assert.Equal(0.6, crawl.GetProperty("progress").GetDouble()); // archived, failed and gone of five listed

        var families = PrometheusText.Parse(PrometheusText.WithoutOrleansSamples(await node.AdminClient().GetStringAsync("/metrics", ct)));
        double Value(string name) => families[name].Samples.Single(s => s.Labels["campaign"] == "7" && s.Labels["status"] == "running").Value;
        Assert.Equal(5, Value("silo_patreon_crawl_posts_found"));
        Assert.Equal(3, Value("silo_patreon_crawl_details_read"));
        Assert.Equal(1, Value("silo_patreon_crawl_posts_archived"));
        Assert.Equal(1, Value("silo_patreon_crawl_posts_failed"));
        Assert.Equal(0.6, Value("silo_patreon_crawl_progress"));
        Assert.DoesNotContain(families["silo_patreon_crawl_posts_found"].Samples, s => s.Labels["campaign"] == "8");
    }
}
