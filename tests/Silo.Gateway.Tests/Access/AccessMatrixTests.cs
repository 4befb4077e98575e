using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Gateway.Tests.Access;

/// <summary>
/// Every HTTP route the node serves, read from its endpoint data source, called by eight callers; the
/// answer each should get comes from <see cref="Table"/>, the one place naming each route's permission
/// and whether only keys of tenant <c>*</c> may read it.
/// </summary>
public sealed class AccessMatrixTests
{
    /// <summary>What a route needs. Public routes answer every caller as they answer one without a key.</summary>
    internal enum Need { Public, AnalyticsRead, Manager, Admin }

    /// <summary>
    /// A route, the permission it needs, a concrete request (ids of tenant acme's data), whether it names one tenant's
    /// item (then another tenant's key gets 404, never the item), and whether it shows every tenant at once (then only a
    /// key of tenant <c>*</c> may read it; a tenant's key, whatever its permission, gets 403).
    /// </summary>
    internal sealed record Route(string Key, Need Need, Func<TenantWorld.Tenant, string> Path, bool OwnedItem = false, string? Body = null,
        bool AllTenantsOnly = false);

    internal static readonly Route[] Table =
    [
        new("GET /healthz", Need.Public, _ => "/healthz"),
        new("GET /readyz", Need.Public, _ => "/readyz"),
        new("GET /openapi/{documentName}.json", Need.Public, _ => "/openapi/v1.json"),
        // Any method (OpenTelemetry maps it so); called with GET. The cluster's figures: tenant * only (or the scrape key).
        new("* /metrics", Need.AnalyticsRead, _ => "/metrics", AllTenantsOnly: true),
        new("GET /signin", Need.Public, _ => "/signin"),
        new("POST /signin", Need.Public, _ => "/signin", Body: ""),
        new("POST /signout", Need.Public, _ => "/signout", Body: ""),
        new("GET /dashboard/", Need.AnalyticsRead, _ => "/dashboard/"),
        new("GET /dashboard/assets/{name}", Need.Public, _ => "/dashboard/assets/dashboard.js"),
        new("GET /api/dashboard/stream", Need.AnalyticsRead, _ => "/api/dashboard/stream"),
        new("GET /api/dashboard/me", Need.AnalyticsRead, _ => "/api/dashboard/me"),
        new("GET /api/dashboard/{section}", Need.AnalyticsRead, _ => "/api/dashboard/media"),
        new("GET /api/cluster/nodes", Need.AnalyticsRead, _ => "/api/cluster/nodes?include=dead"),
        new("GET /webhooks/meta", Need.Public, _ => "/webhooks/meta?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1"),
        new("POST /webhooks/meta", Need.Public, _ => "/webhooks/meta", Body: "{}"),
        new("GET /api/posts/", Need.AnalyticsRead, _ => "/api/posts/"),
        new("GET /api/posts/failures", Need.AnalyticsRead, _ => "/api/posts/failures"),
        new("POST /api/posts/failures/{reason}/retry", Need.Manager, _ => "/api/posts/failures/not_found/retry", Body: ""),
        new("GET /api/posts/{id}", Need.AnalyticsRead, t => $"/api/posts/{t.PostId}", OwnedItem: true),
        new("POST /api/posts/", Need.Manager, _ => "/api/posts/", Body: "{}"),
        new("POST /api/posts/{id}/retry", Need.Manager, t => $"/api/posts/{t.PostId}/retry", OwnedItem: true, Body: ""),
        new("POST /api/posts/{id}/transcripts/retry", Need.Manager, t => $"/api/posts/{t.PostId}/transcripts/retry", OwnedItem: true, Body: ""),
        // The tenant's Patreon post's video has a finished transcript.
        new("GET /api/posts/{id}/transcripts/{slot}/vtt", Need.AnalyticsRead, t => $"/api/posts/patreon:{t.Name}-paid/transcripts/attachment:0:video/vtt",
            OwnedItem: true),
        new("GET /media/{**key}", Need.Public, _ => "/media/aa/none.jpg"),
        new("GET /api/media/stats", Need.AnalyticsRead, _ => "/api/media/stats"),
        new("GET /api/media/storage", Need.AnalyticsRead, _ => "/api/media/storage"),
        new("POST /api/media/instagram-accounts", Need.Manager, _ => "/api/media/instagram-accounts", Body: "{}"),
        // A page's tenant comes from Silo:Meta:Tenants (unlisted: the id itself), so page "acme" is acme's; not numeric, so 400 past the tenant check.
        new("POST /api/media/pages/{pageId}/backfill/", Need.Manager, t => $"/api/media/pages/{t.Name}/backfill", OwnedItem: true, Body: "{}"),
        new("GET /api/media/pages/{pageId}/backfill/", Need.AnalyticsRead, t => $"/api/media/pages/{t.Name}/backfill", OwnedItem: true),
        new("POST /api/media/pages/{pageId}/backfill/pause", Need.Manager, t => $"/api/media/pages/{t.Name}/backfill/pause", OwnedItem: true, Body: ""),
        new("POST /api/media/pages/{pageId}/backfill/resume", Need.Manager, t => $"/api/media/pages/{t.Name}/backfill/resume", OwnedItem: true, Body: ""),
        new("POST /api/media/pages/{pageId}/backfill/cancel", Need.Manager, t => $"/api/media/pages/{t.Name}/backfill/cancel", OwnedItem: true, Body: ""),
        // No history walk exists for this account: every caller past authorization gets 404 (tenant isolation: BackfillEndpointsTests).
        new("POST /api/media/instagram-accounts/{igUserId}/history/", Need.Manager, _ => "/api/media/instagram-accounts/not-numeric/history", Body: "{}"),
        new("GET /api/media/instagram-accounts/{igUserId}/history/", Need.AnalyticsRead, _ => "/api/media/instagram-accounts/17841400999/history"),
        new("POST /api/media/instagram-accounts/{igUserId}/history/pause", Need.Manager, _ => "/api/media/instagram-accounts/17841400999/history/pause", Body: ""),
        new("POST /api/media/instagram-accounts/{igUserId}/history/resume", Need.Manager, _ => "/api/media/instagram-accounts/17841400999/history/resume", Body: ""),
        new("POST /api/media/instagram-accounts/{igUserId}/history/cancel", Need.Manager, _ => "/api/media/instagram-accounts/17841400999/history/cancel", Body: ""),
        // No crawl exists for this campaign: every caller past authorization gets 404, the start 400 (tenant isolation: PatreonCrawlEndpointsTests).
        new("POST /api/media/patreon/campaigns/{campaignId}/crawl/", Need.Manager, _ => "/api/media/patreon/campaigns/not-numeric/crawl", Body: "{}"),
        new("GET /api/media/patreon/campaigns/{campaignId}/crawl/", Need.AnalyticsRead, _ => "/api/media/patreon/campaigns/5550999/crawl"),
        new("POST /api/media/patreon/campaigns/{campaignId}/crawl/pause", Need.Manager, _ => "/api/media/patreon/campaigns/5550999/crawl/pause", Body: ""),
        new("POST /api/media/patreon/campaigns/{campaignId}/crawl/resume", Need.Manager, _ => "/api/media/patreon/campaigns/5550999/crawl/resume", Body: ""),
        new("POST /api/media/patreon/campaigns/{campaignId}/crawl/cancel", Need.Manager, _ => "/api/media/patreon/campaigns/5550999/crawl/cancel", Body: ""),
        // Transcription is off on this node: a start answers 409, a cancel 409 (the tenant's backfill has run and is done).
        new("POST /api/media/transcripts/backfill/", Need.Manager, t => $"/api/media/transcripts/backfill?tenant={t.Name}", OwnedItem: true, Body: ""),
        new("GET /api/media/transcripts/backfill/", Need.AnalyticsRead, t => $"/api/media/transcripts/backfill?tenant={t.Name}", OwnedItem: true),
        new("POST /api/media/exports/", Need.Manager, t => $"/api/media/exports?tenant={t.Name}&source=manual", OwnedItem: true, Body: ""),
        new("GET /api/media/exports/", Need.AnalyticsRead, _ => "/api/media/exports"),
        new("GET /api/media/exports/{id}", Need.AnalyticsRead, t => $"/api/media/exports/{t.ExportId}", OwnedItem: true),
        new("GET /api/media/exports/{id}/archive", Need.Manager, t => $"/api/media/exports/{t.ExportId}/archive", OwnedItem: true),
        new("POST /api/media/exports/{id}/cancel", Need.Manager, t => $"/api/media/exports/{t.ExportId}/cancel", OwnedItem: true, Body: ""),
        // Deleting an expired export again answers as the first deletion did (204); the archive's download then answers 410.
        new("DELETE /api/media/exports/{id}", Need.Manager, t => $"/api/media/exports/{t.ExportId}", OwnedItem: true),
        new("POST /api/media/transcripts/backfill/cancel", Need.Manager, t => $"/api/media/transcripts/backfill/cancel?tenant={t.Name}", OwnedItem: true, Body: ""),
        // The scrub is the cluster's: every tenant reads its own findings; only an admin of tenant * starts or cancels one.
        new("GET /api/media/scrubs/", Need.AnalyticsRead, _ => "/api/media/scrubs/"),
        new("GET /api/media/scrubs/{run:int}/findings", Need.AnalyticsRead, _ => "/api/media/scrubs/1/findings"),
        new("POST /api/media/scrubs/", Need.Admin, _ => "/api/media/scrubs/", Body: "", AllTenantsOnly: true),
        new("POST /api/media/scrubs/cancel", Need.Admin, _ => "/api/media/scrubs/cancel", Body: "", AllTenantsOnly: true),
        new("GET /api/alerts/", Need.AnalyticsRead, _ => "/api/alerts/"),
        new("POST /api/alerts/{id:long}/resolve", Need.Manager, _ => "/api/alerts/987654/resolve", Body: ""),
        new("GET /api/notifications/event-types", Need.AnalyticsRead, _ => "/api/notifications/event-types"),
        new("GET /api/notifications/destinations", Need.AnalyticsRead, _ => "/api/notifications/destinations"),
        new("GET /api/notifications/destination-kinds", Need.AnalyticsRead, _ => "/api/notifications/destination-kinds"),
        // A URL that is not one: 400 past authorization, nothing created.
        new("POST /api/notifications/destinations", Need.Manager, _ => "/api/notifications/destinations", Body: """{"name":"x","url":"not a url","events":["post.error"]}"""),
        new("GET /api/notifications/destinations/{id:long}", Need.AnalyticsRead, t => $"/api/notifications/destinations/{t.DestinationId}", OwnedItem: true),
        new("POST /api/notifications/destinations/{id:long}/test", Need.Manager, t => $"/api/notifications/destinations/{t.DestinationId}/test", OwnedItem: true, Body: ""),
        new("POST /api/notifications/destinations/{id:long}/resume", Need.Manager, t => $"/api/notifications/destinations/{t.DestinationId}/resume", OwnedItem: true, Body: ""),
        // The first key past authorization deletes it and the next find it gone (404); the two-tenant matrix checks that
        // another tenant's key cannot.
        new("DELETE /api/notifications/destinations/{id:long}", Need.Manager, t => $"/api/notifications/destinations/{t.SpareDestinationId}"),
        // As for a destination: the first key past authorization deletes the spare post and the next find it gone (404).
        new("DELETE /api/posts/{id}", Need.Manager, t => $"/api/posts/{t.SparePostId}"),
        new("GET /api/deletions", Need.Manager, _ => "/api/deletions"),
        // A source the tenant has no post of: the purge deletes nothing the other rows read.
        new("POST /api/deletions/tenants/{tenant}", Need.Admin, t => $"/api/deletions/tenants/{t.Name}?source=youtube", OwnedItem: true, Body: ""),
        // Read before the purge above may have started (routes go in order): 404 then is an answer past authorization.
        new("GET /api/deletions/tenants/{tenant}", Need.Admin, t => $"/api/deletions/tenants/{t.Name}?source=youtube"),
        new("GET /api/deletions/tenants/{tenant}/preview", Need.Admin, t => $"/api/deletions/tenants/{t.Name}/preview?source=youtube", OwnedItem: true),
        // No purge, or one that is done or stopped: 404, 409 or 200, each an answer past authorization.
        new("POST /api/deletions/tenants/{tenant}/cancel", Need.Admin, t => $"/api/deletions/tenants/{t.Name}/cancel?source=youtube", Body: ""),
        new("GET /api/deletions/retention", Need.AnalyticsRead, _ => "/api/deletions/retention"),
        new("GET /meta/insights/overview", Need.AnalyticsRead, _ => "/meta/insights/overview"),
        new("GET /meta/insights/campaign/{campaignId}", Need.AnalyticsRead, t => $"/meta/insights/campaign/{t.CampaignId}", OwnedItem: true),
        new("GET /meta/insights/adset/{adsetId}", Need.AnalyticsRead, t => $"/meta/insights/adset/{t.AdSetId}", OwnedItem: true),
        new("GET /meta/insights/ad/{adId}", Need.AnalyticsRead, t => $"/meta/insights/ad/{t.AdId}", OwnedItem: true),
        new("GET /meta/insights/recent-insights/{entityId}", Need.AnalyticsRead, t => $"/meta/insights/recent-insights/{t.CampaignId}", OwnedItem: true),
        new("GET /meta/insights/campaigns", Need.AnalyticsRead, _ => "/meta/insights/campaigns"),
        new("GET /meta/insights/campaign/{campaignId}/adsets", Need.AnalyticsRead, t => $"/meta/insights/campaign/{t.CampaignId}/adsets", OwnedItem: true),
        new("GET /meta/insights/adset/{adsetId}/ads", Need.AnalyticsRead, t => $"/meta/insights/adset/{t.AdSetId}/ads", OwnedItem: true),
        new("GET /meta/insights/export.csv", Need.AnalyticsRead, _ => "/meta/insights/export.csv"),
        new("POST /meta/insights/sync-now", Need.Manager, _ => "/meta/insights/sync-now", Body: """{"days_back":0}"""),
        new("GET /meta/insights/sync-runs/{syncId:guid}", Need.AnalyticsRead, t => $"/meta/insights/sync-runs/{t.SyncId}", OwnedItem: true),
        new("POST /meta/insights/accounts", Need.Admin, _ => "/meta/insights/accounts", Body: "{}"),
        new("POST /api/metricool/publish/stories", Need.Manager, _ => "/api/metricool/publish/stories", Body: "{}"),
        new("GET /api/metricool/status", Need.AnalyticsRead, t => $"/api/metricool/status?batchId={t.BatchId}", OwnedItem: true),
        new("GET /api/metricool/stream", Need.AnalyticsRead, t => $"/api/metricool/stream?batchId={t.BatchId}", OwnedItem: true),
        new("GET /api/metricool/batch/user-active", Need.AnalyticsRead, _ => "/api/metricool/batch/user-active?userId=2001"),
        new("GET /api/metricool/batches", Need.AnalyticsRead, _ => "/api/metricool/batches"),
        new("POST /api/metricool/batches/{id}/pause", Need.Manager, t => $"/api/metricool/batches/{t.BatchId}/pause", OwnedItem: true, Body: ""),
        new("POST /api/metricool/batches/{id}/resume", Need.Manager, t => $"/api/metricool/batches/{t.BatchId}/resume", OwnedItem: true, Body: ""),
        new("POST /api/metricool/batches/{id}/cancel", Need.Manager, t => $"/api/metricool/batches/{t.BatchId}/cancel", OwnedItem: true, Body: ""),
    ];

    [Fact]
    public async Task EveryRoute_EachCaller_AnswersAsTheTableSays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await TenantWorld.StartAsync();
        var (acme, globex) = (world.Tenants["acme"], world.Tenants["globex"]);
        var routes = Served(world.Node);
        var table = Table.ToDictionary(r => r.Key);

        var missing = routes.Where(r => !table.ContainsKey(r) && !IsOrleansDashboard(r)).ToList();
        Assert.True(missing.Count == 0, $"Routes missing from the access table: {string.Join("; ", missing)}");
        var stale = Table.Select(r => r.Key).Except(routes).ToList();
        Assert.True(stale.Count == 0, $"Table rows naming no route: {string.Join("; ", stale)}");

        var silo = (await world.Node.AdminClient().GetFromJsonAsync<JsonElement>("/api/cluster/nodes", ct))[0].GetProperty("address").GetString()!;
        var starReader = await world.Node.Services.GetRequiredService<ApiKeyStore>().CreateAsync("star-reader", "*", [Permissions.AnalyticsRead], ct);
        var failures = new List<string>();
        foreach (var key in routes)
        {
            var route = table.GetValueOrDefault(key) ?? OrleansDashboardRoute(key, silo);
            var method = key[..key.IndexOf(' ')] is var m && m == "*" ? "GET" : m;
            var path = route.Path(acme);
            var anonymous = await StatusAsync(world.Node, method, path, null, route.Body, ct);
            var callers = new (string Name, string? Key, Need? Has, bool SameTenant, bool AllTenants)[]
            {
                ("no key", null, null, true, false),
                ("revoked key", acme.Revoked, null, true, false),
                ("another tenant's admin", globex.Admin, Need.Admin, false, false),
                ("tenant key with analytics:read", acme.Reader, Need.AnalyticsRead, true, false),
                ("tenant key with manager", acme.Manager, Need.Manager, true, false),
                ("tenant key with admin", acme.Admin, Need.Admin, true, false),
                ("tenant * key with analytics:read", starReader.Secret, Need.AnalyticsRead, true, true),
                ("tenant * key with admin (the bootstrap key)", TestNode.AdminKey, Need.Admin, true, true),
            };
            foreach (var caller in callers)
            {
                var status = caller.Key is null ? anonymous : await StatusAsync(world.Node, method, path, caller.Key, route.Body, ct);
                var expected = Expect(route, caller.Has, caller.SameTenant, caller.AllTenants, anonymous);
                if (!expected.Matches(status)) failures.Add($"{key} ({path}) with {caller.Name}: {(int)status}, expected {expected.Description}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every HTTP route the node serves, as "METHOD template"; gRPC methods (and gRPC's catch-alls) have their own matrix.</summary>
    internal static List<string> Served(TestNode node) =>
        node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<global::Grpc.AspNetCore.Server.GrpcMethodMetadata>() is null
                        && !e.RoutePattern.RawText!.Contains(":grpcunimplemented}", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    private sealed record Expectation(string Description, Func<HttpStatusCode, bool> Matches);

    private static Expectation Expect(Route route, Need? has, bool sameTenant, bool allTenants, HttpStatusCode anonymous)
    {
        if (route.Need == Need.Public) return new($"{(int)anonymous} as without a key", s => s == anonymous);
        if (has is null) return new("401", s => s == HttpStatusCode.Unauthorized);
        if (has < route.Need) return new("403", s => s == HttpStatusCode.Forbidden);
        if (route.AllTenantsOnly && !allTenants) return new("403 (every tenant's at once: tenant * only)", s => s == HttpStatusCode.Forbidden);
        if (route.OwnedItem && !sameTenant) return new("404 (another tenant's item)", s => s == HttpStatusCode.NotFound);
        return new("an answer past authorization (not 401/403/5xx, and the item found)", s => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            && (int)s < 500 && !(route.OwnedItem && s == HttpStatusCode.NotFound));
    }

    internal static bool IsOrleansDashboard(string key) => key.Contains(" /orleans", StringComparison.Ordinal);

    /// <summary>
    /// The Orleans Dashboard's routes are its own (a new Orleans version may add some), so they are
    /// taken as a family: analytics:read, except a grain's state and the log stream, which need admin;
    /// tenant * only (it lists every tenant's grains). Their parameters are a page number or the node's
    /// silo address.
    /// </summary>
    private static Route OrleansDashboardRoute(string key, string siloAddress)
    {
        var template = key[(key.IndexOf(' ') + 1)..];
        var need = template.Contains("/GrainState", StringComparison.Ordinal) || template.EndsWith("/Trace", StringComparison.Ordinal) ? Need.Admin : Need.AnalyticsRead;
        var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]*\}",
            p => p.Value.Contains(":int", StringComparison.Ordinal) ? "1" : Uri.EscapeDataString(siloAddress));
        return new Route(key, need, _ => path, AllTenantsOnly: true);
    }

    private static async Task<HttpStatusCode> StatusAsync(TestNode node, string method, string path, string? key, string? body, CancellationToken ct)
    {
        using var client = key is null ? new HttpClient { BaseAddress = node.Address } : node.ClientWithKey(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        // Streams (SSE, the log stream) answer their status first and then stay open: headers are enough.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        return response.StatusCode;
    }
}
