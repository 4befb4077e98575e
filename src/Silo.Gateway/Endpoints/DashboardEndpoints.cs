using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Silo.Gateway.Auth;
using Silo.Gateway.Dashboard;
using Silo.Gateway.Dashboard.Sections;
using Silo.Hosting.Tenants;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// Silo's own pages for the content team (media, publishing, insights; the cluster is the Orleans
/// Dashboard's): the page (signed in: a browser without a session is sent to <c>/signin</c>), its
/// files (public: they hold no data), one JSON document per section, and the live stream of
/// snapshots. Everything but the files needs analytics:read; sections and stream show the key's
/// tenant's rows only (every tenant's to a key of tenant <c>*</c>).
/// </summary>
public static class DashboardEndpoints
{
    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/dashboard").WithTags("Dashboard").ExcludeFromDescription();
        page.MapGet("/", GetPage).WithName("GetDashboardPage").RequireAuthorization(Permissions.AnalyticsRead);
        page.MapGet("/assets/{name}", GetAsset).WithName("GetDashboardAsset").AllowAnonymous();

        var api = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(Permissions.AnalyticsRead);
        api.MapGet("/stream", Stream).WithName("StreamDashboard")
            .WithSummary("Server-Sent Events: a snapshot of every section at each refresh, from one loop shared by all pages")
            .AcceptQueryAccessToken();
        api.MapGet("/me", GetMe).WithName("GetDashboardUser").WithSummary("Who the key belongs to and what it may do");
        api.MapGet("/{section}", GetSection).WithName("GetDashboardSection")
            .WithSummary("One section's JSON: media, publishing or insights");
        return api;
    }

    private static IResult GetPage(HttpContext context, DashboardAssets assets, DashboardContentPolicy policy) =>
        Serve(context, assets.Find("index.html")!, policy);

    private static IResult GetAsset(string name, HttpContext context, DashboardAssets assets, DashboardContentPolicy policy) =>
        name is not ("index.html" or "signin.html") && assets.Find(name) is { } asset ? Serve(context, asset, policy) : TypedResults.NotFound();

    private static IResult Serve(HttpContext context, Asset asset, DashboardContentPolicy policy)
    {
        var headers = context.Response.Headers;
        SecurityHeaders(headers, policy.Header);
        // Not fingerprinted, so revalidate each time; the ETag makes that a 304.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>Headers of every page of Silo's own: no sniffing, no framing, no referrer to other sites, nothing loaded from elsewhere.</summary>
    internal static void SecurityHeaders(IHeaderDictionary headers, string contentSecurityPolicy = DashboardContentPolicy.Strict)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the sign-in post, which the origin check must refuse.
        headers["Referrer-Policy"] = "same-origin";
        // Every script and style is ours and served from here: nothing inline, nothing from elsewhere (see DashboardContentPolicy).
        headers.ContentSecurityPolicy = contentSecurityPolicy;
    }

    /// <summary>The signed-in key as the page shows it (never the secret).</summary>
    public sealed record DashboardUser(string Name, string Tenant, string[] Permissions);

    private static Ok<DashboardUser> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new DashboardUser(user.Identity?.Name ?? "", user.Tenant(),
            [.. user.FindAll(ApiKeyAuthenticationHandler.PermissionClaim).Select(c => c.Value)]));

    private static async Task<Results<Ok<object>, ProblemHttpResult>> GetSection(string section, IEnumerable<IDashboardSection> sections,
        NpgsqlDataSource database, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = sections.FirstOrDefault(s => s.Name == section);
        if (found is null)
            return TypedResults.Problem($"No dashboard section '{section}'; sections: {string.Join(", ", sections.Select(s => s.Name))}.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(await found.ReadAsync(connection, user.Tenant() is TenantOwnership.AllTenants ? null : user.Tenant(), cancellationToken));
    }

    private static ServerSentEventsResult<string> Stream(DashboardHub hub, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(Snapshots(hub, user.Tenant(), cancellationToken), eventType: "snapshot");

    private static async IAsyncEnumerable<string> Snapshots(DashboardHub hub, string tenant, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = hub.Subscribe(tenant, out var subscription);
        using (subscription)
        {
            await foreach (var snapshot in reader.ReadAllAsync(cancellationToken))
                yield return snapshot;
        }
    }
}
