using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;
using System.Security.Claims;
using Silo.Gateway.Auth;
using Silo.Gateway.Media;
using Silo.Media.BlobStores;
using Silo.Media.Posts;
using Silo.Hosting.Tenants;

namespace Silo.Gateway.Endpoints;

/// <summary>Archived media: the files themselves (filesystem store), storage stats, and Instagram accounts to poll.</summary>
public static class MediaEndpoints
{
    // The provider's table lacks some of the formats media is stored in (subtitles, HEIF, Matroska, M4A).
    private static readonly FileExtensionContentTypeProvider ContentTypes = new(new Dictionary<string, string>(
        new FileExtensionContentTypeProvider().Mappings, StringComparer.OrdinalIgnoreCase)
    {
        [".vtt"] = "text/vtt", [".heic"] = "image/heic", [".heif"] = "image/heif", [".avif"] = "image/avif",
        [".mkv"] = "video/x-matroska", [".m4a"] = "audio/mp4", [".ogg"] = "audio/ogg", [".webm"] = "video/webm",
    });

    public static RouteGroupBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        // Anonymous like seed 000's public bucket, except the private sources' files (see GetFile).
        app.MapGet("/media/{**key}", GetFile).WithName("GetMediaFile").WithSummary("An archived file (filesystem store, or a redirect to a signed Azure URL)")
            .WithTags("Media").AllowAnonymous();
        var group = app.MapGroup("/api/media").WithTags("Media");
        var read = group.Needing(Permissions.AnalyticsRead);
        var manage = group.Needing(Permissions.Manager);
        read.MapGet("/stats", GetStats).WithName("GetMediaStats").WithSummary("Files, bytes, bytes saved by dedup, posts per status, and seed 002's breakdown per tenant and source");
        read.MapGet("/storage", GetStorage).WithName("GetMediaStorage")
            .WithSummary("Bytes per backend and per tenant day by day, dedup savings and the largest files");
        manage.MapPost("/instagram-accounts", ConnectInstagram).WithName("ConnectInstagramAccount")
            .WithSummary("Start polling an Instagram account's media");
        return group;
    }

    /// <summary>
    /// A file Silo stored (a media file, a preview, a transcript), never anything else under the store's folder. A file
    /// that only private sources' posts hold (<see cref="BlobStoreOptions.PrivateSources"/>) is served to a key or
    /// session of a tenant holding it, or with an expiring <c>token</c> the API signed; to anyone else it is not found.
    /// </summary>
    private static async Task<Results<PhysicalFileHttpResult, RedirectHttpResult, ProblemHttpResult>> GetFile(string key, string? token,
        FileSystemBlobStore store, IOptions<BlobStoreOptions> options, MediaQueries queries, MediaLinks links, ClaimsPrincipal user,
        HttpResponse response, IServiceProvider services, [FromKeyedServices(SiloClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        var signsAzure = options.Value.Uses("Azure") && options.Value.Azure.SignsUrls;
        if (!signsAzure && !options.Value.Uses("FileSystem"))
            return TypedResults.Problem($"Media is served by the {options.Value.Backend} store, not this gateway.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        var path = signsAzure ? null : store.TryResolve(key);
        if (key.Split('/').Any(segment => segment is "" or "." or "..") || key.Contains('\\') || (!signsAzure && path is null))
            return TypedResults.Problem("The media path is not valid.", statusCode: StatusCodes.Status400BadRequest);
        var holders = await queries.FileHoldersAsync(key, cancellationToken);
        var isPrivate = holders is not null && holders.IsPrivate(options.Value.IsPrivateSource);
        if (holders is null || (isPrivate && !links.Allows(key, token) && !(user.Identity?.IsAuthenticated == true && holders.HeldBy(user.SeesTenant))))
            return NotFoundFile(key);
        if (signsAzure) return SignedRedirect(key, services.GetRequiredService<AzureBlobStore>(), time.GetUtcNow(), response);
        if (!File.Exists(path)) return NotFoundFile(key);
        // Content-addressed files never change, so browsers and proxies may keep a public one forever; a private one
        // stays in the browser that was allowed to read it.
        response.Headers.CacheControl = isPrivate ? "private, max-age=3600" : "public, max-age=31536000, immutable";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        return TypedResults.PhysicalFile(path, ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream",
            enableRangeProcessing: true);
    }

    private static ProblemHttpResult NotFoundFile(string key) =>
        TypedResults.Problem($"No media file {key}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>A private Azure container (<c>UrlMode=sas</c>): stored links point here, and each visit gets a read-only URL signed
    /// now, so links never expire. The redirect itself is not cached for longer than the signature lives.</summary>
    private static RedirectHttpResult SignedRedirect(string key, AzureBlobStore store, DateTimeOffset now, HttpResponse response)
    {
        response.Headers.CacheControl = "private, max-age=60";
        return TypedResults.Redirect(store.SignedUrl(key, now).ToString());
    }

    /// <summary>A tenant's key sees its own tenant's figures; the bootstrap admin (<c>*</c>) sees the whole store.</summary>
    private static async Task<Ok<MediaStats>> GetStats(System.Security.Claims.ClaimsPrincipal user, MediaQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.StatsAsync(user.Tenant() is "*" ? null : user.Tenant(), cancellationToken));

    /// <summary>Most days one storage view covers.</summary>
    public const int MaxStorageDays = 366;

    /// <summary>The last <paramref name="days"/> days (30 by default), up to today (UTC), scoped like the stats.</summary>
    private static async Task<Results<Ok<StorageReport>, ValidationProblem>> GetStorage(int? days, System.Security.Claims.ClaimsPrincipal user,
        MediaQueries queries, [FromKeyedServices(SiloClock.Key)] TimeProvider time, CancellationToken cancellationToken)
    {
        if (days is < 1 or > MaxStorageDays)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"must be between 1 and {MaxStorageDays}."] });
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(await queries.StorageAsync(user.Tenant() is "*" ? null : user.Tenant(), today.AddDays(1 - (days ?? 30)), today,
            cancellationToken));
    }

    public sealed record ConnectInstagramRequest(string? IgUserId, string? Tenant);

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ConnectInstagram(ConnectInstagramRequest request,
        System.Security.Claims.ClaimsPrincipal user, IGrainFactory grains, TenantOwnership ownership)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.IgUserId) || !request.IgUserId.All(char.IsAsciiDigit)) errors["igUserId"] = ["must be the account's numeric id."];
        var tenant = request.Tenant ?? (user.Tenant() is "*" ? ownership.OwnerOf(AssetKind.InstagramAccount, request.IgUserId ?? "") : user.Tenant());
        if (string.IsNullOrWhiteSpace(tenant)) errors["tenant"] = ["is required."];
        else if (!user.SeesTenant(tenant)) errors["tenant"] = ["is not a tenant this key can write."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // The grain checks the owner (Silo:Tenants:<tenant>:InstagramAccounts): anything else answers as an unknown account would.
        if (!await grains.GetGrain<IInstagramAccountGrain>(request.IgUserId!).Connect(new InstagramAccountConnected(request.IgUserId!, tenant!, user.Tenant())))
            return TypedResults.Problem($"No Instagram account {request.IgUserId} for this key.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        return TypedResults.Accepted((string?)null);
    }
}
