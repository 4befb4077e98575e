using System.Security.Cryptography;
using Silo.Simulators.MetaAds;
using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Counts what was lost or repeated, each from the place that would show it: the database, the
/// blob store's folder, the simulators' own ledgers. Every count is computed, never assumed.
/// </summary>
public sealed class FaultLedger(FaultDatabase database, Simulators simulators, string mediaRoot)
{
    public List<ReportRow> Rows { get; } = [];
    public List<string> Details { get; } = [];

    public async Task CountPostsAsync(int sent, IReadOnlyCollection<string> acknowledged, int redeliveries,
        IReadOnlyList<(string Fault, int Count)> refusedDuring)
    {
        var rows = await database.RowsAsync("select source_post_id, status from posts where source = 'facebook'");
        var status = rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        var lost = acknowledged.Where(id => !status.ContainsKey(id)).ToList();
        var unarchived = acknowledged.Where(id => status.TryGetValue(id, out var s) && s != "success").ToList();
        Rows.Add(new("webhook posts sent", sent));
        Rows.Add(new("webhook posts never acknowledged", sent - acknowledged.Count, 0));
        Rows.Add(new("webhook deliveries repeated (gateway could not store)", redeliveries));
        foreach (var (fault, count) in refusedDuring) Rows.Add(new($"webhook deliveries answered 5xx during {fault}", count));
        Rows.Add(new("posts lost (acknowledged, no row)", lost.Count, 0));
        Rows.Add(new("posts not archived at the end", unarchived.Count, 0));
        var failures = await database.RowsAsync(
            "select error_type, count(*) from media_attempts where not succeeded group by error_type order by error_type");
        foreach (var failure in failures) Rows.Add(new($"archive attempts failed ({failure[0]}), retried", (long)failure[1]!));
        Details.AddRange(lost.Take(10).Select(id => $"lost post {id}"));
        Details.AddRange(unarchived.Take(10).Select(id => $"post {id} ended {status[id]}"));
    }

    public async Task CountObjectsAsync()
    {
        var files = Directory.Exists(mediaRoot) ? Directory.GetFiles(mediaRoot, "*", SearchOption.AllDirectories) : [];
        var temporary = files.Where(f => f.EndsWith(".tmp", StringComparison.Ordinal)).ToList();
        var objects = files.Except(temporary).ToList();
        var twice = objects.GroupBy(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))).Sum(g => g.Count() - 1);
        var stored = await database.RowsAsync("select storage_key from media_files");
        var missing = stored.Count(r => !File.Exists(Path.Combine(mediaRoot, (string)r[0]!)));
        var wrongCounts = await database.ScalarAsync<long>("""
            select count(*) from media_files f
             where reference_count <> (select count(distinct post_id) from post_media m where m.sha256 = f.sha256)
            """);
        Rows.Add(new("objects in the blob store", objects.Count));
        Rows.Add(new("objects stored twice (same SHA-256)", twice, 0));
        Rows.Add(new("objects recorded but missing from the store", missing, 0));
        Rows.Add(new("media reference counts wrong", wrongCounts, 0));
        Rows.Add(new("stray temporary files (a put cut short)", temporary.Count, Note: "harmless: never read, named *.tmp"));
    }

    public async Task CountClipsAsync(IReadOnlyList<(string Name, string BatchId, int Clips)> batches)
    {
        var urls = batches.SelectMany(b => Enumerable.Range(0, b.Clips).Select(i => PublishLoad.ClipUrl(b.Name, i))).ToList();
        var twice = urls.Count(u => simulators.Metricool.CreatedCount(u) > 1);
        var never = urls.Count(u => simulators.Metricool.CreatedCount(u) == 0);
        var published = await database.ScalarAsync<long>("select count(*) from publish_batch_clips where status = 'published'");
        var unfinished = await database.RowsAsync("select batch_id::text, status, error_msg from publish_batches where status <> 'completed'");
        Rows.Add(new("clips published", published));
        Rows.Add(new("clips created twice in Metricool", twice, 0));
        Rows.Add(new("clips never created in Metricool", never, 0));
        Rows.Add(new("publish batches not completed", unfinished.Count, 0));
        Details.AddRange(unfinished.Select(r => $"batch {r[0]} is {r[1]}: {r[2]}"));
    }

    public async Task CountInsightsAsync(DateTime faultsEndedAt)
    {
        var total = await database.ScalarAsync<long>("select count(*) from meta_ad_insights");
        var duplicated = await database.ScalarAsync<long>("""
            select coalesce(sum(n - 1), 0) from (
                select count(*) as n from meta_ad_insights
                 group by campaign_id, adset_id, ad_id, date_start, entity_type) g
            """);
        var adRows = await database.RowsAsync("select ad_id, date_start, spend, impressions from meta_ad_insights where entity_type = 'ad'");
        var wrong = adRows.Count(r =>
        {
            var served = MetaAdsSimulator.Figures((string)r[0]!, (DateOnly)r[1]!);
            return served.Spend != (decimal)r[2]! || served.Impressions != (long)r[3]!;
        });
        var failedRefreshes = await database.ScalarAsync<long>("select count(*) from sync_run_entities where not ok");
        var stale = await database.RowsAsync("""
            select entity_id, entity_type, last_synced_at, last_error from ad_entities
             where status = 'ACTIVE' and (last_synced_at is null or last_synced_at < @since)
            """, ("since", faultsEndedAt));
        Rows.Add(new("insight rows", total));
        Rows.Add(new("insight rows duplicated", duplicated, 0));
        Rows.Add(new("ad insight rows differing from what Meta served", wrong, 0));
        Rows.Add(new("entity refreshes that failed (retried later)", failedRefreshes));
        Rows.Add(new("active entities not refreshed since the last fault", stale.Count, 0));
        Details.AddRange(stale.Select(r => $"entity {r[1]} {r[0]} last refreshed {r[2]:O}: {r[3]}"));
    }

    /// <summary>
    /// Reminders are the crash backstop of every piece of work in flight: a retry whose reminder never
    /// fired shows as a post still waiting past its retry time, and a reminder left registered for work
    /// that has ended is a leak that would tick forever.
    /// </summary>
    public async Task CountRemindersAsync(TimeSpan overdueAllowance)
    {
        var overdue = await database.RowsAsync("""
            select post_id, next_retry_at from posts
             where status = 'error' and next_retry_at < now() - @allowance
            """, ("allowance", overdueAllowance));
        // A finished post removes its reminder as its work ends, or at the next tick when that removal
        // failed (a silo or the database away): a reminder still there after the allowance is a leak.
        const string leftBehindSql = """
            select r.grain_id, r.reminder_name from orleans_reminders r
             where exists (select 1 from posts p where r.grain_id = 'post/' || p.post_id and p.status in ('success', 'skipped'))
                or exists (select 1 from publish_batches b where r.grain_id like '%/' || b.batch_id
                           and b.status in ('completed', 'failed', 'cancelled'))
            """;
        var leftBehind = new List<object?[]>();
        try
        {
            await Eventually.UntilAsync(async () => (leftBehind = await database.RowsAsync(leftBehindSql)).Count == 0,
                "no reminder is left registered for finished work", overdueAllowance);
        }
        catch (TimeoutException)
        {
            // Counted and reported below.
        }
        Rows.Add(new($"post retries overdue by more than {overdueAllowance.TotalSeconds:0} s (reminder never fired)", overdue.Count, 0));
        Rows.Add(new($"reminders still registered {overdueAllowance.TotalSeconds:0} s after their work settled", leftBehind.Count, 0));
        Details.AddRange(overdue.Select(r => $"overdue retry of post {r[0]} due {r[1]:O}"));
        Details.AddRange(leftBehind.Select(r => $"reminder {r[1]} of {r[0]} left registered"));
    }
}
