using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Testing;

namespace Silo.Media.Tests.Backfill;

/// <summary>The backfill routes as a manager calls them, and waits on a walk's stored status.</summary>
internal static class BackfillClient
{
    /// <summary>Settings that make walks quick to watch: small pages, short rests, a 1 s reminder backstop.</summary>
    public static Dictionary<string, string?> Settings(params string[] pages)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Media:Backfill:PageSize"] = "25",
            ["Silo:Media:Backfill:ReminderPeriod"] = "00:00:01",
            ["Silo:Media:Backfill:SlowDownDelay"] = "00:00:00.050",
            ["Silo:Media:Backfill:CoolDown"] = "00:00:00.200",
            ["Silo:Media:Backfill:RetryDelay"] = "00:00:00.050",
        };
        foreach (var page in pages) settings[$"Silo:Meta:Tenants:{page}"] = "acme";
        return settings;
    }

    public static async Task<HttpResponseMessage> PostAsync(MediaWorld world, string path, object? body = null)
    {
        using var client = world.Node.AdminClient();
        return await client.PostAsJsonAsync(path, body ?? new { }, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> StatusAsync(MediaWorld world, string path)
    {
        using var client = world.Node.AdminClient();
        return await client.GetFromJsonAsync<JsonElement>(path, TestContext.Current.CancellationToken);
    }

    public static Task<string?> StoredStatusAsync(TestDatabase database, string id) =>
        database.ScalarAsync<string?>("select status from backfills where backfill_id = @id", ("id", id));

    /// <summary>Until the walk's stored status is <paramref name="status"/>; by default within 90 s, since a page waits for its posts' grains (real media probed on a loaded CI machine).</summary>
    public static Task UntilAsync(TestDatabase database, string id, string status, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () => await StoredStatusAsync(database, id) == status, $"walk {id} is {status}", timeout ?? TimeSpan.FromSeconds(90));

    /// <summary>Until every post the walk handed on has settled (archived, skipped or failed for good).</summary>
    public static Task UntilSettledAsync(TestDatabase database, string id, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () => await database.ScalarAsync<long>("""
            select count(*) from backfill_posts bp join posts p using (post_id)
             where bp.backfill_id = @id and (p.status in ('pending', 'downloading') or p.status = 'error' and p.next_retry_at is not null)
            """, ("id", id)) == 0, $"the posts of {id} have settled", timeout);
}
