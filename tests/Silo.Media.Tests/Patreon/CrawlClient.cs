using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Testing;

namespace Silo.Media.Tests.Patreon;

/// <summary>The crawl routes as a manager calls them, and waits on a crawl's stored status.</summary>
internal static class CrawlClient
{
    /// <summary>Settings that make crawls quick to watch: small pages, short waits, a 1 s reminder backstop.</summary>
    public static Dictionary<string, string?> Settings(int pageSize = 4) => new()
    {
        ["Silo:Media:Patreon:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Silo:Media:Patreon:ReminderPeriod"] = "00:00:01",
        ["Silo:Media:Patreon:RetryDelay"] = "00:00:00.050",
        ["Silo:Media:Patreon:RateLimitWait"] = "00:00:00.100",
        // The campaign acme's own keys crawl, as the operator gives it (Silo:Tenants); the others an admin assigns.
        ["Silo:Tenants:acme:PatreonCampaigns:0"] = "5560003",
    };

    public static string Path(string campaignId, string? action = null) => $"/api/media/patreon/campaigns/{campaignId}/crawl{(action is null ? "" : "/" + action)}";

    public static async Task<HttpResponseMessage> PostAsync(MediaWorld world, string campaignId, string? action = null, object? body = null)
    {
        using var client = world.Node.AdminClient();
        return action is null
            ? await client.PostAsJsonAsync(Path(campaignId), body ?? new { tenant = "acme" }, TestContext.Current.CancellationToken)
            : await client.PostAsync(Path(campaignId, action), null, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> StatusAsync(MediaWorld world, string campaignId)
    {
        using var client = world.Node.AdminClient();
        return await client.GetFromJsonAsync<JsonElement>(Path(campaignId), TestContext.Current.CancellationToken);
    }

    public static Task<string?> StoredStatusAsync(TestDatabase database, string campaignId) =>
        database.ScalarAsync<string?>("select status from patreon_crawls where campaign_id = @id", ("id", campaignId));

    public static Task UntilAsync(TestDatabase database, string campaignId, string status, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () => await StoredStatusAsync(database, campaignId) == status, $"crawl {campaignId} is {status}", timeout);

    /// <summary>Until every post the crawl handed on has settled (archived or failed for good).</summary>
    public static Task UntilSettledAsync(TestDatabase database, string campaignId, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () => await database.ScalarAsync<long>("""
            select count(*) from patreon_crawl_posts cp join posts p on p.post_id = 'patreon:' || cp.post_id
             where cp.campaign_id = @id and (p.status in ('pending', 'downloading') or p.status = 'error' and p.next_retry_at is not null)
            """, ("id", campaignId)) == 0, $"the posts of crawl {campaignId} have settled", timeout);

    /// <summary>A post's media items by slot, as <c>GET /api/posts/{id}</c> gives them.</summary>
    public static async Task<Dictionary<string, JsonElement>> MediaAsync(MediaWorld world, string postId) =>
        (await world.GetPostAsync(postId)).GetProperty("media").EnumerateArray().ToDictionary(m => m.GetProperty("slot").GetString()!);

    public static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
