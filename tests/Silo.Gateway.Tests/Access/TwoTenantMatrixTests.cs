using System.Net;
using System.Text;
using Grpc.Core;
using Silo.Gateway.Grpc.V1;
using V1 = Silo.Gateway.Grpc.V1;
using Silo.Gateway.Tests.Grpc;
using Silo.Testing;
using Need = Silo.Gateway.Tests.Access.AccessMatrixTests.Need;

namespace Silo.Gateway.Tests.Access;

/// <summary>
/// Tenant globex's keys (read, manager, admin) against tenant acme's items, on every HTTP route and gRPC method of the
/// access matrices' lists: each that names or reaches one of acme's items is refused as an unknown item would be (404, or
/// 403 for a key without the permission), no answer shows anything of acme's, and afterwards the database holds acme's
/// rows exactly as before. A route or method the lists do not place here fails the test.
/// </summary>
public sealed class TwoTenantMatrixTests
{
    /// <summary>
    /// Routes whose access-table request does not aim at acme's item: the request that does (acme's id in the path or
    /// body). Each answers 404 to a globex key with the permission.
    /// </summary>
    private static readonly Dictionary<string, Func<TenantWorld.Tenant, (string Path, string? Body)>> Attacks = new()
    {
        // Public by link, except a private source's file (Patreon's): another tenant's key reads it as an unknown file.
        ["GET /media/{**key}"] = t => ($"/media/{t.PaidFile}", null),
        ["POST /api/posts/"] = t => ("/api/posts/", """{"source":"manual","postId":"acme-post","message":"globex was here"}"""),
        ["POST /api/media/instagram-accounts"] = t => ("/api/media/instagram-accounts", $$"""{"igUserId":"{{t.InstagramAccount}}"}"""),
        ["POST /api/media/instagram-accounts/{igUserId}/history/"] = t => ($"/api/media/instagram-accounts/{t.InstagramAccount}/history", "{}"),
        ["GET /api/media/instagram-accounts/{igUserId}/history/"] = t => ($"/api/media/instagram-accounts/{t.InstagramAccount}/history", null),
        ["POST /api/media/instagram-accounts/{igUserId}/history/pause"] = t => ($"/api/media/instagram-accounts/{t.InstagramAccount}/history/pause", ""),
        ["POST /api/media/instagram-accounts/{igUserId}/history/resume"] = t => ($"/api/media/instagram-accounts/{t.InstagramAccount}/history/resume", ""),
        ["POST /api/media/instagram-accounts/{igUserId}/history/cancel"] = t => ($"/api/media/instagram-accounts/{t.InstagramAccount}/history/cancel", ""),
        ["POST /api/media/patreon/campaigns/{campaignId}/crawl/"] = t => ($"/api/media/patreon/campaigns/{t.PatreonCampaign}/crawl", "{}"),
        ["GET /api/media/patreon/campaigns/{campaignId}/crawl/"] = t => ($"/api/media/patreon/campaigns/{t.PatreonCampaign}/crawl", null),
        ["POST /api/media/patreon/campaigns/{campaignId}/crawl/pause"] = t => ($"/api/media/patreon/campaigns/{t.PatreonCampaign}/crawl/pause", ""),
        ["POST /api/media/patreon/campaigns/{campaignId}/crawl/resume"] = t => ($"/api/media/patreon/campaigns/{t.PatreonCampaign}/crawl/resume", ""),
        ["POST /api/media/patreon/campaigns/{campaignId}/crawl/cancel"] = t => ($"/api/media/patreon/campaigns/{t.PatreonCampaign}/crawl/cancel", ""),
        ["POST /api/alerts/{id:long}/resolve"] = t => ($"/api/alerts/{t.AlertId}/resolve", ""),
        ["DELETE /api/notifications/destinations/{id:long}"] = t => ($"/api/notifications/destinations/{t.SpareDestinationId}", null),
        ["DELETE /api/posts/{id}"] = t => ($"/api/posts/{t.SparePostId}", null),
        ["GET /api/deletions/tenants/{tenant}"] = t => ($"/api/deletions/tenants/{t.Name}?source=youtube", null),
        // Every source: were the tenant check missing, acme's posts would go and the rows' comparison would say so.
        ["POST /api/deletions/tenants/{tenant}"] = t => ($"/api/deletions/tenants/{t.Name}", ""),
        ["POST /api/deletions/tenants/{tenant}/cancel"] = t => ($"/api/deletions/tenants/{t.Name}/cancel", ""),
        ["POST /meta/insights/sync-now"] = t => ("/meta/insights/sync-now", $$"""{"entity_ids":["{{t.CampaignId}}"]}"""),
        ["POST /meta/insights/accounts"] = t => ("/meta/insights/accounts", $$"""{"account_id":"{{t.AccountId}}"}"""),
        ["POST /api/metricool/publish/stories"] = t => ("/api/metricool/publish/stories",
            $$"""{"accountId":{{t.MetricoolBlog}},"userId":{{2000 + t.Number}},"mode":"now","clips":[{"url":"https://cdn.test/globex.mp4","title":"globex"}]}"""),
    };

    /// <summary>
    /// Routes that name no item of one tenant: lists and figures scoped to the key's tenant, the caller's own session, the
    /// node's health, and webhooks (whose tenant is the page's, from configuration). Called all the same: no answer may
    /// show acme's items.
    /// </summary>
    private static readonly HashSet<string> NamesNoItem =
    [
        "GET /healthz", "GET /readyz", "GET /openapi/{documentName}.json", "* /metrics", "GET /signin", "POST /signin", "POST /signout",
        "GET /dashboard/", "GET /dashboard/assets/{name}", "GET /api/dashboard/stream", "GET /api/dashboard/me", "GET /api/dashboard/{section}",
        "GET /api/cluster/nodes", "GET /webhooks/meta", "POST /webhooks/meta", "GET /api/posts/", "GET /api/posts/failures",
        "POST /api/posts/failures/{reason}/retry", "GET /api/media/stats", "GET /api/media/storage", "GET /api/alerts/",
        "GET /api/notifications/event-types", "GET /api/notifications/destinations", "POST /api/notifications/destinations",
        "GET /api/notifications/destination-kinds",
        "GET /api/media/exports/",
        "GET /meta/insights/overview", "GET /meta/insights/campaigns", "GET /meta/insights/export.csv", "GET /api/metricool/batch/user-active",
        "GET /api/metricool/batches", "GET /api/deletions", "GET /api/deletions/retention", "GET /api/media/scrubs/", "GET /api/media/scrubs/{run:int}/findings",
        "POST /api/media/scrubs/", "POST /api/media/scrubs/cancel",
    ];

    /// <summary>Routes whose access-table request reads one of several answers: every one is read (each dashboard section).</summary>
    private static readonly Dictionary<string, string[]> EveryAnswer = new()
    {
        ["GET /api/dashboard/{section}"] = ["/api/dashboard/media", "/api/dashboard/publishing", "/api/dashboard/insights"],
    };

    /// <summary>gRPC methods whose access-table call does not aim at acme's item: the call that does.</summary>
    private static readonly Dictionary<string, Func<global::Grpc.Net.Client.GrpcChannel, TenantWorld.Tenant, CallOptions, Task>> GrpcAttacks = new()
    {
        ["silo.v1.Posts/IngestPost"] = (c, t, o) => new Posts.PostsClient(c)
            .IngestPostAsync(new IngestPostRequest { PostId = "acme-post", Source = "manual", Message = "globex was here" }, o).ResponseAsync,
        ["silo.v1.Batches/PublishStories"] = (c, t, o) => new Batches.BatchesClient(c).PublishStoriesAsync(new PublishStoriesRequest
        {
            AccountId = t.MetricoolBlog, UserId = $"{2000 + t.Number}", Mode = "now", Clips = { new Clip { Url = "https://cdn.test/globex.mp4", Title = "globex" } },
        }, o).ResponseAsync,
        ["silo.v1.Insights/SyncNow"] = (c, t, o) => new V1.Insights.InsightsClient(c).SyncNowAsync(new SyncNowRequest { EntityIds = { t.CampaignId } }, o).ResponseAsync,
    };

    private static readonly HashSet<string> GrpcNamesNoItem =
    [
        "silo.v1.Insights/GetOverview", "grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch",
        "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    ];

    [Fact]
    public async Task EveryRouteAndMethod_AnotherTenantsKeys_NothingOfTheItemsSeenOrChanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await TenantWorld.StartAsync(GrpcCalls.H2c(out var h2c, new Dictionary<string, string?>
        {
            // A crawl could start (nothing listens there), so only the owner check stands between globex and acme's campaign.
            ["Silo:Patreon:AccessToken"] = "tenant-world-patreon",
            ["Silo:Patreon:BaseUrl"] = "http://127.0.0.1:9/",
        }));
        var (acme, globex) = (world.Tenants["acme"], world.Tenants["globex"]);
        var table = AccessMatrixTests.Table.ToDictionary(r => r.Key);
        var routes = AccessMatrixTests.Served(world.Node).Where(r => !AccessMatrixTests.IsOrleansDashboard(r)).ToList();
        var unplaced = routes.Where(r => !(table.GetValueOrDefault(r)?.OwnedItem ?? false) && !Attacks.ContainsKey(r) && !NamesNoItem.Contains(r)).ToList();
        Assert.True(unplaced.Count == 0, $"Routes the two-tenant matrix does not place (an attack on acme's item, or naming no item): {string.Join("; ", unplaced)}");
        var before = await AcmeRowsAsync(world, acme);
        Assert.Contains("acme's post", before);

        var keys = new (string Name, string Key, Need Has)[] { ("read", globex.Reader, Need.AnalyticsRead), ("manager", globex.Manager, Need.Manager), ("admin", globex.Admin, Need.Admin) };
        var failures = new List<string>();
        foreach (var key in routes)
        {
            var route = table[key];
            var (path, body) = Attacks.TryGetValue(key, out var attack) ? attack(acme) : (route.Path(acme), route.Body);
            var method = key[..key.IndexOf(' ')] is var m && m == "*" ? "GET" : m;
            foreach (var read in EveryAnswer.GetValueOrDefault(key) ?? [path])
            foreach (var (name, secret, has) in keys)
            {
                var (status, text) = await SendAsync(world.Node, method, read, secret, body, ct);
                var aimed = route.OwnedItem || Attacks.ContainsKey(key);
                var expected = route.Need != Need.Public && has < route.Need ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
                if (aimed && status != expected) failures.Add($"{key} ({method} {read}) with globex's {name} key: {(int)status}, expected {(int)expected}");
                // A page of every tenant's at once (/metrics) is for keys of tenant * only.
                if (route.AllTenantsOnly && status != HttpStatusCode.Forbidden)
                    failures.Add($"{key} ({method} {read}) with globex's {name} key: {(int)status}, expected 403 (tenant * only)");
                // Public routes answer every caller as they answer one without a key (webhooks are off without an app secret: 503).
                if ((int)status >= 500 && route.Need != Need.Public) failures.Add($"{key} ({method} {read}) with globex's {name} key: {(int)status}");
                if (Shown(acme, text, read + body) is { } shown) failures.Add($"{key} ({method} {read}) with globex's {name} key showed acme's {shown}");
            }
        }

        using var channel = GrpcCalls.Channel(h2c);
        var grpcTable = GrpcAccessMatrixTests.Table.ToDictionary(m => m.Name);
        var grpcUnplaced = grpcTable.Keys.Where(n => !grpcTable[n].OwnedItem && !GrpcAttacks.ContainsKey(n) && !GrpcNamesNoItem.Contains(n)).ToList();
        Assert.True(grpcUnplaced.Count == 0, $"gRPC methods the two-tenant matrix does not place: {string.Join("; ", grpcUnplaced)}");
        foreach (var method in GrpcAccessMatrixTests.Table.Where(m => m.OwnedItem || GrpcAttacks.ContainsKey(m.Name)))
        {
            var call = GrpcAttacks.GetValueOrDefault(method.Name) ?? method.Call;
            foreach (var (name, secret, has) in keys)
            {
                var need = (Need)(int)method.Need;
                var expected = has < need ? StatusCode.PermissionDenied : StatusCode.NotFound;
                var status = await GrpcStatusAsync(() => call(channel, acme, GrpcCalls.With(secret, ct)));
                if (status != expected) failures.Add($"{method.Name} with globex's {name} key: {status}, expected {expected}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await AcmeRowsAsync(world, acme));
        // The refusals above were the tenant check's: acme's own key reads its file.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(world.Node, "GET", $"/media/{acme.PaidFile}", acme.Reader, null, ct)).Item1);
        // An ad creative's file is acme's too: globex's keys and a caller without one do not find it, acme's reader does.
        foreach (var (name, secret, _) in keys)
            Assert.True((await SendAsync(world.Node, "GET", $"/media/{acme.CreativeFile}", secret, null, ct)).Item1 == HttpStatusCode.NotFound,
                $"globex's {name} key read acme's creative file");
        using (var anonymous = new HttpClient { BaseAddress = world.Node.Address })
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/media/{acme.CreativeFile}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(world.Node, "GET", $"/media/{acme.CreativeFile}", acme.Reader, null, ct)).Item1);
        var ad = await SendAsync(world.Node, "GET", $"/meta/insights/ad/{acme.AdId}", acme.Reader, null, ct);
        Assert.Contains("acme creative", ad.Item2);
        Assert.Contains($"/media/{acme.CreativeFile}?token=", ad.Item2);
    }

    /// <summary>What of acme's an answer shows: its items' content, or an id of acme's the request did not carry itself.</summary>
    private static string? Shown(TenantWorld.Tenant acme, string answer, string request) =>
        new[] { "acme's post", "acme's transcript", "acme campaign", "acme ad set", "acme ad", "acme creative", "cdn.test/acme", "acme's alert", "acme's destination", "hooks.test/acme", "acme-post",
                acme.BatchId, acme.SyncId.ToString(), acme.CreativeFile, acme.ExportId }
            .FirstOrDefault(marker => answer.Contains(marker, StringComparison.Ordinal) && !request.Contains(marker, StringComparison.Ordinal));

    /// <summary>
    /// Every row of acme's, in a stable order: posts and media, batches and clips, ad account, its limits and entities, runs, alerts, walks,
    /// crawls, transcripts and transcript backfills.
    /// </summary>
    private static Task<string> AcmeRowsAsync(TenantWorld world, TenantWorld.Tenant acme) => world.Database.ScalarAsync<string>("""
        select coalesce(string_agg(r, E'\n' order by r), '') from (
            select 'post ' || row_to_json(p)::text as r from posts p where tenant = 'acme'
            union all select 'media ' || row_to_json(m)::text from post_media m join posts p using (post_id) where p.tenant = 'acme'
            union all select 'batch ' || row_to_json(b)::text from publish_batches b where tenant = 'acme'
            union all select 'clip ' || row_to_json(c)::text from publish_batch_clips c where batch_id in (select batch_id from publish_batches where tenant = 'acme')
            union all select 'account ' || row_to_json(a)::text from ad_accounts a where tenant = 'acme' or account_id = @account
            union all select 'account limits ' || row_to_json(l)::text from ad_account_limits l where account_id = @account
            union all select 'entity ' || row_to_json(e)::text from ad_entities e where account_id = @account
            union all select 'creative ' || row_to_json(c)::text from ad_creatives c join ad_entities e on e.entity_id = c.ad_id where e.account_id = @account
            union all select 'sync ' || row_to_json(s)::text from sync_runs s where tenant = 'acme' or account_id = @account
            union all select 'alert ' || row_to_json(l)::text from alerts l where tenant = 'acme'
            union all select 'destination ' || concat_ws(' ', id, tenant, name, kind, url, secret, event_types) from notification_destinations where tenant = 'acme'
            union all select 'notification event ' || id from notification_events
                       where destination_id in (select id from notification_destinations where tenant = 'acme')
            union all select 'walk ' || row_to_json(w)::text from backfills w where tenant = 'acme' or account_id = @instagram
            union all select 'crawl ' || row_to_json(c)::text from patreon_crawls c where tenant = 'acme' or campaign_id = @campaign
            union all select 'transcript ' || row_to_json(t)::text from transcripts t
                       where sha256 in (select m.sha256 from post_media m join posts p using (post_id) where p.tenant = 'acme')
            union all select 'transcript backfill ' || row_to_json(b)::text from transcript_backfills b where tenant = 'acme'
            union all select 'transcript backfill file ' || row_to_json(f)::text from transcript_backfill_files f where backfill_id like '%:acme'
            union all select 'export ' || row_to_json(x)::text from media_exports x where tenant = 'acme'
        ) rows
        """, ("account", acme.AccountId), ("instagram", acme.InstagramAccount), ("campaign", acme.PatreonCampaign));

    private static async Task<(HttpStatusCode, string)> SendAsync(TestNode node, string method, string path, string key, string? body, CancellationToken ct)
    {
        using var client = node.ClientWithKey(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        // A stream stays open: its first event is the answer (the dashboard's first snapshot; the batch stream refuses
        // another tenant's batch before streaming).
        if (response.Content.Headers.ContentType?.MediaType is "text/event-stream") return (response.StatusCode, await FirstEventAsync(response, path, ct));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static async Task<string> FirstEventAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var data = new StringBuilder();
        try
        {
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.Length == 0 && data.Length > 0) return data.ToString();
                if (line.StartsWith("data:", StringComparison.Ordinal)) data.Append(line[5..]);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{path}: no event within 60 s.");
        }
        return data.ToString();
    }

    private static async Task<StatusCode> GrpcStatusAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
