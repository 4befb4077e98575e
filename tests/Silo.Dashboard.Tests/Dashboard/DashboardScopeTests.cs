using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Gateway.Dashboard;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Dashboard;

/// <summary>
/// Silo's dashboard sections and their stream, scoped per tenant: on one node holding two tenants' posts, files,
/// attempts, batches, alerts, ad accounts and syncs, a tenant's key sees its own (and the cluster's alerts), never the
/// other's; a key of tenant <c>*</c> sees both.
/// </summary>
public sealed class DashboardScopeTests(DashboardScopeTests.TwoTenants shared) : IClassFixture<DashboardScopeTests.TwoTenants>
{
    private static readonly TimeSpan StreamDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Tenant acme (1) and globex (2): tenant n has n failed posts and one archived, a file of n × 100 bytes used twice, one paused batch, …</summary>
    public sealed class TwoTenants : SharedDashboardNode
    {
        public static readonly string[] Names = ["acme", "globex"];

        protected override Dictionary<string, string?> Settings => new() { ["Silo:Insights:SyncEnabled"] = "false" };

        protected override async Task SeedAsync()
        {
            for (var n = 1; n <= Names.Length; n++)
            {
                await Database.ExecuteAsync("""
                    insert into posts (post_id, source, source_post_id, tenant, status, last_error)
                    select 'manual:' || @t || '-failed-' || i, 'manual', @t || '-failed-' || i, @t, 'error', '{"message":"gone"}'
                      from generate_series(1, @n) i;
                    insert into posts (post_id, source, source_post_id, tenant, status) values ('manual:' || @t || '-archived', 'manual', @t || '-archived', @t, 'success');
                    insert into media_attempts (post_id, attempt, succeeded) select post_id, 1, status = 'success' from posts where tenant = @t;
                    insert into media_files (sha256, storage_key, backend, size, mime_type, reference_count)
                        values (@t || '-file', @t || '-file', 'filesystem', @n * 100, 'image/png', 2);
                    insert into post_media (post_id, slot, role, kind, original_url, action, status, sha256)
                    select post_id, 'picture', 'image', 'image', 'https://cdn.test/' || @t || '.png', 'download', 'success', @t || '-file'
                      from posts where post_id in ('manual:' || @t || '-archived', 'manual:' || @t || '-failed-1');
                    insert into alerts (kind, message, tenant) values (@t || '_token', @t || '''s alert', @t);
                    insert into publish_batches (batch_id, tenant, request_hash, user_id, account_id, publish_mode, status, total_clips)
                        values ('batch-' || @t, @t, '\x00'::bytea, 'user-' || @t, '100' || @n, 'now', 'paused', 1);
                    insert into publish_batch_clips (batch_id, clip_index, clip_url, idempotency_key, status)
                        values ('batch-' || @t, 0, 'https://cdn.test/' || @t || '.mp4', 'batch-' || @t || '-0', 'unconfirmed');
                    insert into ad_accounts (account_id, tenant, name, token_ref) values ('act_' || @n || '00', @t, @t || ' ads', 'META_ACCESS_TOKEN');
                    insert into ad_entities (entity_id, entity_type, account_id, campaign_id, name, status)
                        values (@n || '01', 'campaign', 'act_' || @n || '00', @n || '01', @t || ' campaign', 'ACTIVE');
                    insert into meta_ad_insights (account_id, campaign_id, entity_type, date_start, date_end, spend, impressions, clicks, conversions,
                            revenue, ctr, cpc, roas, frequency, reach, unique_clicks, cost_per_conversion)
                        values ('act_' || @n || '00', @n || '01', 'campaign', current_date - 1, current_date - 1, @n * 10, 1000, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                    insert into sync_runs (sync_id, sync_type, mode, tenant, account_id, days_back)
                        values (('00000000-0000-0000-0000-00000000000' || @n)::uuid, 'manual', 'stub', @t, 'act_' || @n || '00', 7);
                    insert into insights_alerts (account_id, kind, message) values ('act_' || @n || '00', 'rate_limit_exhausted', @t || '''s insights alert');
                    """, ("t", Names[n - 1]), ("n", n));
            }
            // The cluster's own alert (tenant *): every key sees it.
            await Database.ExecuteAsync("insert into alerts (kind, message, tenant) values ('error_rate', 'the cluster''s alert', '*')");
        }
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("globex")]
    public async Task GetSections_TenantsKey_OnlyItsOwnRowsAndTheClustersAlerts(string tenant)
    {
        var node = shared.Node;
        using var client = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.AnalyticsRead, tenant));

        var sections = await SectionsAsync(client);

        AssertShowsOnly(sections, tenant);
    }

    [Fact]
    public async Task GetSections_TenantStarKey_EveryTenantsRows()
    {
        var node = shared.Node;
        using var client = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.AnalyticsRead, "*"));

        var sections = await SectionsAsync(client);

        AssertShowsOnly(sections, TwoTenants.Names);
    }

    [Fact]
    public async Task Stream_PagesOfEachTenantAndOfTenantStar_EachSnapshotShowsOnlyWhatItsKeySees()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = shared.Node;
        var hub = node.Services.GetRequiredService<DashboardHub>();
        var pages = new List<(string[] Sees, SseReader Page)>();
        try
        {
            // Two pages of globex: they share its one snapshot; each page sees what its key sees.
            var watchers = new (string Tenant, string[] Sees)[] { ("acme", ["acme"]), ("globex", ["globex"]), ("globex", ["globex"]), ("*", TwoTenants.Names) };
            foreach (var (tenant, sees) in watchers)
            {
                using var client = node.ClientWithKey(await Keys.CreateAsync(node, Permissions.AnalyticsRead, tenant));
                pages.Add((sees, await SseReader.OpenAsync(client, "/api/dashboard/stream", ct)));
            }

            foreach (var (sees, page) in pages)
            {
                var (name, data) = await page.NextAsync(StreamDeadline, ct);
                Assert.Equal("snapshot", name);
                using var snapshot = JsonDocument.Parse(data);
                AssertShowsOnly(snapshot.RootElement, sees);
            }
        }
        finally
        {
            foreach (var (_, page) in pages) page.Dispose();
        }
        await Eventually.UntilAsync(() => hub.SubscriberCount == 0, "closed pages unsubscribe", StreamDeadline);
    }

    private static async Task<JsonElement> SectionsAsync(HttpClient client)
    {
        var ct = TestContext.Current.CancellationToken;
        var sections = new Dictionary<string, JsonElement>();
        foreach (var name in new[] { "media", "publishing", "insights" })
            sections[name] = await client.GetFromJsonAsync<JsonElement>($"/api/dashboard/{name}", ct);
        return JsonSerializer.SerializeToElement(sections);
    }

    /// <summary>The sections (of a snapshot or read one by one) hold exactly the rows and figures of <paramref name="tenants"/>.</summary>
    private static void AssertShowsOnly(JsonElement sections, params string[] tenants)
    {
        var numbers = tenants.Select(t => Array.IndexOf(TwoTenants.Names, t) + 1).ToList();
        var media = sections.GetProperty("media");
        var publishing = sections.GetProperty("publishing");
        var insights = sections.GetProperty("insights");
        foreach (var section in new[] { media, publishing, insights })
            Assert.False(section.TryGetProperty("error", out var error), $"a section failed: {error}");

        // Media: tenant n has n failed posts and one archived; each post one attempt; its file n × 100 bytes used twice.
        var posts = media.GetProperty("posts");
        Assert.Equal((numbers.Sum(), tenants.Length), (posts.GetProperty("failed").GetInt32(), posts.GetProperty("archived").GetInt32()));
        Assert.Equal(numbers.Sum() + tenants.Length, media.GetProperty("attempts_in_window").GetInt32());
        Assert.Equal(Math.Round((double)numbers.Sum() / (numbers.Sum() + tenants.Length), 4), media.GetProperty("error_rate").GetDouble());
        var storage = media.GetProperty("storage");
        Assert.Equal((tenants.Length, numbers.Sum() * 100m, numbers.Sum() * 100m),
            (storage.GetProperty("files").GetInt32(), storage.GetProperty("bytes_stored").GetDecimal(), storage.GetProperty("bytes_saved_by_dedup").GetDecimal()));
        Assert.Equal(tenants.SelectMany(t => Enumerable.Range(1, Array.IndexOf(TwoTenants.Names, t) + 1).Select(i => $"manual:{t}-failed-{i}")).Order(),
            Strings(media.GetProperty("recent_failures"), "post_id").Order());
        // A tenant's alerts and the cluster's.
        Assert.Equal(tenants.Select(t => $"{t}_token").Append("error_rate").Order(), Strings(media.GetProperty("alerts"), "kind").Order());

        // Publishing: one paused batch per tenant, its clip unconfirmed.
        Assert.Equal(tenants.Select(t => $"batch-{t}").Order(), Strings(publishing.GetProperty("active_batches"), "batch_id").Order());
        Assert.Equal(tenants.Select(t => $"batch-{t}").Order(), Strings(publishing.GetProperty("unconfirmed_clips"), "batch_id").Order());
        Assert.Equal(tenants.Length, publishing.GetProperty("batches_by_status").EnumerateArray().Single().GetProperty("n").GetInt32());

        // Insights: tenant n's account act_n00 spent n × 10 yesterday on campaign n01.
        var accounts = numbers.Select(n => $"act_{n}00").Order().ToList();
        Assert.Equal(numbers.Sum() * 10, insights.GetProperty("current").GetProperty("spend").GetDouble());
        Assert.Equal(numbers.Select(n => $"{n}01").Order(), Strings(insights.GetProperty("top_campaigns"), "campaign_id").Order());
        Assert.Equal(accounts, Strings(insights.GetProperty("rate_limits"), "account_id"));
        Assert.Equal(accounts, Strings(insights.GetProperty("last_syncs"), "account_id").Order());
        Assert.Equal(accounts, Strings(insights.GetProperty("alerts"), "account_id").Distinct().Order());
    }

    private static IEnumerable<string> Strings(JsonElement rows, string property) =>
        rows.EnumerateArray().Select(r => r.GetProperty(property).GetString()!).ToList();
}
