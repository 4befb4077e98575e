using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Silo.Gateway.Auth;
using Silo.Hosting.Destinations;
using Silo.Media.BlobStores;
using Silo.Simulators;
using Silo.Simulators.Metricool;
using Silo.Testing;

namespace Silo.Gateway.Tests.Access;

/// <summary>
/// A node with two tenants, <c>acme</c> and <c>globex</c>, each owning (by <c>Silo:Tenants</c>, as an operator configures
/// it) a Metricool blog, an ad account, an Instagram account and a Patreon campaign; and holding a post, a Story batch, an
/// ad account with a campaign, ad set and ad (its creative's image archived), a sync run, an archived file, a transcript of
/// its Patreon post's video, a transcript backfill and an alert; and keys of every kind.
/// Clips go to the Metricool simulator and their confirmation is checked only every 10 minutes, so each
/// batch stays processing; each post
/// has settled before the world is handed out, so tests see stable state.
/// </summary>
public sealed class TenantWorld : IAsyncDisposable
{
    private const string MetricoolToken = "tenant-world-token";

    private TenantWorld(TestDatabase database, TestNode node, SimulatorServer simulators) =>
        (Database, Node, _simulators) = (database, node, simulators);

    private readonly SimulatorServer _simulators;

    /// <summary>The world's own database: the tenants' keys and rows are the same names in every world.</summary>
    public TestDatabase Database { get; }

    public TestNode Node { get; }
    public Dictionary<string, Tenant> Tenants { get; } = [];

    /// <summary>A tenant's ids and keys; <see cref="Revoked"/> had admin before it was revoked.</summary>
    public sealed record Tenant(string Name, string PostId, string BatchId, string CampaignId, string AdSetId, string AdId, Guid SyncId,
        string Reader, string Manager, string Admin, string Revoked, long AlertId, long DestinationId, long SpareDestinationId)
    {
        public int Number => Name == "acme" ? 1 : 2;
        /// <summary>A second manual post of the tenant, for the route that deletes one (the first key past authorization does).</summary>
        public string SparePostId => $"manual:{Name}-spare";
        public string AccountId => $"act_{Number}00";
        public string MetricoolBlog => $"{1000 + Number}";
        public string InstagramAccount => $"1784140000000000{Number}";
        public string PatreonCampaign => $"555000{Number}";
        /// <summary>The stored file of the tenant's Patreon post: private to the tenant (<c>Silo:Media:Storage:PrivateSources</c>).</summary>
        public string PaidFile => $"{new string((char)('m' + Number), 64)}.mp4";
        /// <summary>The stored image of the tenant's ad's creative: private to the tenant (issue 22).</summary>
        public string CreativeFile => $"{new string((char)('q' + Number), 64)}.png";
        /// <summary>The tenant's archive export, still running (its archive answers 409; a cancel stops it).</summary>
        public string ExportId => new((char)('0' + Number), 32);
    }

    /// <summary>What each tenant owns, as the operator configures it.</summary>
    public static Dictionary<string, string?> Ownership() => new()
    {
        ["Silo:Tenants:acme:MetricoolBlogs:0"] = "1001",
        ["Silo:Tenants:acme:AdAccounts:0"] = "act_100",
        ["Silo:Tenants:acme:InstagramAccounts:0"] = "17841400000000001",
        ["Silo:Tenants:acme:PatreonCampaigns:0"] = "5550001",
        ["Silo:Tenants:acme:Tokens:meta"] = "acme-meta-token",
        ["Silo:Tenants:globex:MetricoolBlogs:0"] = "1002",
        ["Silo:Tenants:globex:AdAccounts:0"] = "act_200",
        ["Silo:Tenants:globex:InstagramAccounts:0"] = "17841400000000002",
        ["Silo:Tenants:globex:PatreonCampaigns:0"] = "5550002",
        ["Silo:Tenants:globex:Tokens:meta"] = "globex-meta-token",
    };

    public static async Task<TenantWorld> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        var simulators = await SimulatorServer.StartAsync(app => app.MapMetricoolSimulator("/metricool", new MetricoolSimulator { Token = MetricoolToken }));
        var values = new Dictionary<string, string?>
        {
            ["Silo:Publishing:Metricool:BaseUrl"] = simulators.Url("metricool").ToString(),
            ["Silo:Publishing:Metricool:Token"] = MetricoolToken,
            ["Silo:Publishing:ConfirmationPollInterval"] = "00:10:00",
            [TestNode.WithOrleansDashboard.Key] = TestNode.WithOrleansDashboard.Value, // the matrices include its routes
            ["Silo:Insights:Mode"] = "stub",
            ["Silo:Insights:SyncEnabled"] = "false",
            // Nothing listens there: an Instagram account's polls fail and stay on this machine.
            ["Silo:Meta:GraphBaseUrl"] = "http://127.0.0.1:9/",
        };
        foreach (var (key, value) in Ownership()) values[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var world = new TenantWorld(database, await TestNode.StartAsync(database.ConnectionString, settings: values), simulators);
        foreach (var (name, number) in new[] { ("acme", 1), ("globex", 2) })
            world.Tenants[name] = await world.SeedAsync(database, name, number);
        return world;
    }

    private async Task<Tenant> SeedAsync(TestDatabase database, string tenant, int n)
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = Node.Services.GetRequiredService<ApiKeyStore>();
        var reader = await keys.CreateAsync($"{tenant}-reader", tenant, [Permissions.AnalyticsRead], ct);
        var manager = await keys.CreateAsync($"{tenant}-manager", tenant, [Permissions.Manager], ct);
        var admin = await keys.CreateAsync($"{tenant}-admin", tenant, [Permissions.Admin], ct);
        var revoked = await keys.CreateAsync($"{tenant}-revoked", tenant, [Permissions.Admin], ct);
        Assert.True(await keys.RevokeAsync(revoked.Name, ct));

        using var client = Node.ClientWithKey(manager.Secret);
        var post = await client.PostAsJsonAsync("/api/posts", new { postId = $"{tenant}-post", source = "manual", message = $"{tenant}'s post" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var postId = (await post.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("postId").GetString()!;
        var spare = await client.PostAsJsonAsync("/api/posts", new { postId = $"{tenant}-spare", source = "manual", message = $"{tenant}'s spare post" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, spare.StatusCode);

        var batch = await client.PostAsJsonAsync("/api/metricool/publish/stories", new
        {
            accountId = 1000 + n, userId = 2000 + n, mode = "now",
            clips = new[] { new { url = $"https://cdn.test/{tenant}.mp4", title = tenant } },
        }, ct);
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        var batchId = (await batch.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("batchId").GetString()!;
        await Eventually.UntilAsync(async () =>
            await database.ScalarAsync<long>($"select count(*) from posts where post_id in ('{postId}', 'manual:{tenant}-spare') and status not in ('pending', 'downloading')") == 2
            && await database.ScalarAsync<long>($"select count(*) from publish_batch_clips where batch_id = '{batchId}' and status = 'waiting_confirmation'") == 1,
            $"{tenant}'s post has settled and its clip waits for Metricool's confirmation");

        // Insights rows as a sync would leave them; the routes read only these tables.
        var (account, campaign, adset, ad, syncId) = ($"act_{n}00", $"{n}01", $"{n}02", $"{n}03", Guid.NewGuid());
        var file = new string((char)('a' + n), 64);
        var paid = new string((char)('m' + n), 64);
        var creative = new string((char)('q' + n), 64);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            insert into ad_accounts (account_id, tenant, name, token_ref) values ('{account}', '{tenant}', '{tenant} ads', 'META_ACCESS_TOKEN');
            insert into ad_entities (entity_id, entity_type, account_id, campaign_id, adset_id, name, status) values
                ('{campaign}', 'campaign', '{account}', '{campaign}', null, '{tenant} campaign', 'ACTIVE'),
                ('{adset}', 'adset', '{account}', '{campaign}', '{adset}', '{tenant} ad set', 'ACTIVE'),
                ('{ad}', 'ad', '{account}', '{campaign}', '{adset}', '{tenant} ad', 'ACTIVE');
            insert into meta_ad_insights (account_id, campaign_id, entity_type, date_start, date_end, spend, impressions, clicks, conversions,
                    revenue, ctr, cpc, roas, frequency, reach, unique_clicks, cost_per_conversion)
                values ('{account}', '{campaign}', 'campaign', current_date - 1, current_date - 1, {n * 10}, {n * 1000}, {n}, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            insert into sync_runs (sync_id, sync_type, mode, tenant, account_id, days_back) values ('{syncId}', 'manual', 'stub', '{tenant}', '{account}', 7);
            insert into media_files (sha256, storage_key, backend, size, mime_type, reference_count) values ('{file}', '{file}.jpg', 'FileSystem', {n * 100}, 'image/jpeg', 1);
            insert into post_media (post_id, slot, role, kind, original_url, action, status, sha256)
                values ('{postId}', 'picture', 'image', 'image', 'https://cdn.test/{tenant}.jpg', 'download', 'success', '{file}');
            insert into alerts (kind, message, tenant) values ('patreon_token:555000{n}', '{tenant}''s alert', '{tenant}');
            insert into posts (post_id, source, source_post_id, tenant, message, status) values
                ('patreon:{tenant}-paid', 'patreon', '{tenant}-paid', '{tenant}', '{tenant}''s post for patrons', 'success');
            insert into media_files (sha256, storage_key, backend, size, mime_type, reference_count)
                values ('{paid}', '{paid}.mp4', 'FileSystem', 4, 'video/mp4', 1);
            insert into post_media (post_id, slot, role, kind, original_url, action, status, sha256)
                values ('patreon:{tenant}-paid', 'attachment:0:video', 'attachment', 'video', 'https://cdn.test/{tenant}-paid.mp4', 'download', 'success', '{paid}');
            insert into media_files (sha256, storage_key, backend, size, mime_type, reference_count)
                values ('{creative}', '{creative}.png', 'FileSystem', 4, 'image/png', 1);
            insert into ad_creatives (ad_id, creative_id, status, attempts, title, body, archived_at)
                values ('{ad}', '{n}09', 'archived', 1, '{tenant} creative', '{tenant}''s creative text', now());
            insert into ad_creative_files (ad_id, role, original_url, sha256, storage_key, public_url, mime_type, size)
                values ('{ad}', 'image', 'https://cdn.test/{tenant}-creative.png', '{creative}', '{creative}.png', '/media/{creative}.png', 'image/png', 4);
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
        // The file itself, where the node's filesystem store keeps it: only the tenant check stands between it and another tenant.
        var store = Node.Services.GetRequiredService<FileSystemBlobStore>();
        foreach (var stored in new[] { $"{paid}.mp4", $"{creative}.png" })
        {
            var path = store.TryResolve(stored)!;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, [0, 0, 0, 0], ct);
        }
        // Its transcript, finished, as text and WebVTT beside it; and a transcript backfill of the tenant's that has run.
        var text = $"{tenant}'s transcript";
        var vtt = $"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n{text}\n";
        await File.WriteAllTextAsync(store.TryResolve($"{paid}.transcript.vtt")!, vtt, ct);
        await File.WriteAllTextAsync(store.TryResolve($"{paid}.transcript.txt")!, text, ct);
        await database.ExecuteAsync("""
            insert into transcripts (sha256, storage_key, mime_type, size, has_sound, status, text, text_key, text_url, vtt_key, vtt_url,
                                     backend, text_bytes, vtt_bytes, requested_at, finished_at, version)
            values (@sha, @key, 'video/mp4', 4, true, 'done', @text, @sha || '.transcript.txt', '/media/' || @sha || '.transcript.txt',
                    @sha || '.transcript.vtt', '/media/' || @sha || '.transcript.vtt', 'filesystem', @text_bytes, @vtt_bytes, now(), now(), 1);
            insert into transcript_backfills (backfill_id, tenant, run, status, files_found, files_handed, started_at, finished_at, version)
            values ('all:' || @tenant, @tenant, 1, 'done', 1, 1, now(), now(), 1);
            insert into transcript_backfill_files (backfill_id, run, sha256) values ('all:' || @tenant, 1, @sha);
            insert into media_exports (export_id, tenant, requested_by, status, posts_found, started_at, version)
            values (@export, @tenant, @tenant || '-manager', 'running', 2, now(), 1);
            """, ("sha", paid), ("key", $"{paid}.mp4"), ("text", text), ("text_bytes", (long)text.Length), ("vtt_bytes", (long)vtt.Length), ("tenant", tenant), ("export", new string((char)('0' + n), 32)));
        var alertId = await database.ScalarAsync<long>("select id from alerts where tenant = @t", ("t", tenant));
        // Two notification destinations that hear only what no test here does (their cursors past every event so far): one to
        // read and test, one a caller may delete.
        var destinations = new DestinationStore(database.DataSource);
        var destinationIds = new List<long>();
        foreach (var name in new[] { "destination", "spare destination" })
            destinationIds.Add((await destinations.CreateAsync(tenant, $"{tenant}'s {name}", DestinationKinds.Webhook, $"https://hooks.test/{tenant}",
                $"{tenant}-secret", [EventTypes.CrawlDone], TestContext.Current.CancellationToken)).Id);
        return new Tenant(tenant, postId, batchId, campaign, adset, ad, syncId, reader.Secret, manager.Secret, admin.Secret, revoked.Secret, alertId,
            destinationIds[0], destinationIds[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await _simulators.DisposeAsync();
        await Database.DisposeAsync();
    }
}
