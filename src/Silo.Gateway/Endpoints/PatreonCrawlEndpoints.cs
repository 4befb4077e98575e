using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Silo.Gateway.Auth;
using Silo.Media.Backfill;
using Silo.Media.Patreon;
using Silo.Hosting.Tenants;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// Patreon creator crawls (<c>/api/media/patreon/campaigns/{campaignId}/crawl</c>): start one for a tenant,
/// read its status, pause, resume, cancel. A campaign belongs to the tenant the operator lists it for
/// (<c>Silo:Tenants:&lt;tenant&gt;:PatreonCampaigns</c>; an unlisted one only a tenant-<c>*</c> key assigns); other tenants' keys
/// get 404, as if it did not exist.
/// </summary>
public static class PatreonCrawlEndpoints
{
    public static RouteGroupBuilder MapPatreonCrawlApi(this IEndpointRouteBuilder app)
    {
        var crawl = app.MapGroup("/api/media/patreon/campaigns/{campaignId}/crawl").WithTags("Media");
        var read = crawl.Needing(Permissions.AnalyticsRead);
        var manage = crawl.Needing(Permissions.Manager);
        manage.MapPost("/", Start).WithName("StartPatreonCrawl")
            .WithSummary("Crawl a Patreon campaign in three phases: its post list, each post's details and media, its tiers");
        read.MapGet("/", Get).WithName("GetPatreonCrawl")
            .WithSummary("A Patreon crawl's status: phase, posts listed, handed on, archived, failed, tiers and their posts");
        manage.MapPost("/pause", Pause).WithName("PausePatreonCrawl")
            .WithSummary("Stop after the step in hand");
        manage.MapPost("/resume", Resume).WithName("ResumePatreonCrawl")
            .WithSummary("Go on from the last stored step (after a pause or a failure)");
        manage.MapPost("/cancel", Cancel).WithName("CancelPatreonCrawl")
            .WithSummary("End the crawl where it stands");
        return crawl;
    }

    /// <summary>The tenant the campaign's posts are archived for; the key's own by default.</summary>
    public sealed record CrawlRequest(string? Tenant);

    private static async Task<Results<Accepted<PatreonCrawlView>, ValidationProblem, ProblemHttpResult>> Start(string campaignId,
        [FromBody] CrawlRequest? request, ClaimsPrincipal user, IGrainFactory grains, PatreonCrawlQueries queries, IOptionsMonitor<PatreonOptions> patreon,
        TenantOwnership ownership, CancellationToken cancellationToken)
    {
        var errors = Validate(campaignId);
        var tenant = request?.Tenant ?? (user.Tenant() is "*" ? ownership.OwnerOf(AssetKind.PatreonCampaign, campaignId) : user.Tenant());
        if (string.IsNullOrWhiteSpace(tenant)) errors["tenant"] = ["is required."];
        else if (!user.SeesTenant(tenant)) errors["tenant"] = ["is not a tenant this key can write."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (string.IsNullOrEmpty(patreon.CurrentValue.AccessToken))
            return TypedResults.Problem("No Patreon access token is configured (Silo:Patreon:AccessToken or PATREON_ACCESS_TOKEN).",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Patreon is not configured");
        // Another tenant's campaign answers as if it did not exist.
        if (await queries.GetAsync(campaignId, cancellationToken) is { } existing && !user.SeesTenant(existing.Tenant)) return NotFound(campaignId);
        var outcome = await grains.GetGrain<IPatreonCrawlGrain>(campaignId).Start(new PatreonCrawlStart(campaignId, tenant!, user.Tenant()));
        return outcome switch
        {
            BackfillStartOutcome.Started => TypedResults.Accepted($"/api/media/patreon/campaigns/{campaignId}/crawl", await queries.GetAsync(campaignId, cancellationToken)),
            BackfillStartOutcome.AlreadyActive => TypedResults.Problem($"A crawl of campaign {campaignId} is running or paused: resume or cancel it first.",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
            // The grain's owner check refused: answered as an unknown campaign would be.
            _ => NotFound(campaignId),
        };
    }

    private static async Task<Results<Ok<PatreonCrawlView>, ValidationProblem, ProblemHttpResult>> Get(string campaignId, ClaimsPrincipal user,
        PatreonCrawlQueries queries, CancellationToken cancellationToken)
    {
        if (Validate(campaignId) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var view = await queries.GetAsync(campaignId, cancellationToken);
        return view is not null && user.SeesTenant(view.Tenant) ? TypedResults.Ok(view) : NotFound(campaignId);
    }

    /// <summary>What pausing, resuming or cancelling a crawl reads from the request.</summary>
    public sealed record CrawlChange(string CampaignId, ClaimsPrincipal User, PatreonCrawlQueries Queries, IGrainFactory Grains, CancellationToken CancellationToken);

    private static Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> Pause([AsParameters] CrawlChange request) =>
        Change(request, g => g.Pause(request.User.Tenant()));

    private static Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> Resume([AsParameters] CrawlChange request) =>
        Change(request, g => g.Resume(request.User.Tenant()));

    private static Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> Cancel([AsParameters] CrawlChange request) =>
        Change(request, g => g.Cancel(request.User.Tenant()));

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> Change(CrawlChange request, Func<IPatreonCrawlGrain, Task<bool>> change)
    {
        var campaignId = request.CampaignId;
        if (Validate(campaignId) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var view = await request.Queries.GetAsync(campaignId, request.CancellationToken);
        if (view is null || !request.User.SeesTenant(view.Tenant)) return NotFound(campaignId);
        return await change(request.Grains.GetGrain<IPatreonCrawlGrain>(campaignId))
            ? TypedResults.Accepted((string?)null)
            : TypedResults.Problem($"The crawl of campaign {campaignId} is not in a state that allows this (see its status).",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict");
    }

    private static Dictionary<string, string[]> Validate(string campaignId)
    {
        var errors = new Dictionary<string, string[]>();
        if (campaignId.Length is 0 or > 40 || !campaignId.All(char.IsAsciiDigit)) errors["campaignId"] = ["must be Patreon's numeric campaign id (at most 40 digits)."];
        return errors;
    }

    private static ProblemHttpResult NotFound(string campaignId) =>
        TypedResults.Problem($"No Patreon crawl of campaign {campaignId} for this key.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
