using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Silo.Gateway.Auth;
using Silo.Media.Backfill;
using Silo.Media.Meta;
using Silo.Media.Posts;
using Silo.Hosting.Tenants;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// History walks: a Facebook page's backfill (<c>/api/media/pages/{pageId}/backfill</c>, the page's
/// tenant from <c>Silo:Tenants:&lt;tenant&gt;:FacebookPages</c>, as its webhooks: <see cref="PageOwner"/>) and an Instagram account's history
/// (<c>/api/media/instagram-accounts/{igUserId}/history</c>, the tenant the account is connected for).
/// </summary>
public static class BackfillEndpoints
{
    public static RouteGroupBuilder MapBackfillApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/media").WithTags("Media");
        var page = group.MapGroup("/pages/{pageId}/backfill");
        var pageRead = page.Needing(Permissions.AnalyticsRead);
        var pageManage = page.Needing(Permissions.Manager);
        pageManage.MapPost("/", StartPage).WithName("StartPageBackfill")
            .WithSummary("Walk a Facebook page's past posts (optionally since/until) and archive each");
        pageRead.MapGet("/", GetPage).WithName("GetPageBackfill")
            .WithSummary("A page backfill's status: pages read, posts found, archived, failed, oldest date reached");
        pageManage.MapPost("/pause", PausePage).WithName("PausePageBackfill")
            .WithSummary("Stop after the page in hand");
        pageManage.MapPost("/resume", ResumePage).WithName("ResumePageBackfill")
            .WithSummary("Go on from the last finished page (after a pause or a failure)");
        pageManage.MapPost("/cancel", CancelPage).WithName("CancelPageBackfill")
            .WithSummary("End the backfill where it stands");

        var history = group.MapGroup("/instagram-accounts/{igUserId}/history");
        var historyRead = history.Needing(Permissions.AnalyticsRead);
        var historyManage = history.Needing(Permissions.Manager);
        historyManage.MapPost("/", StartInstagram).WithName("StartInstagramHistory")
            .WithSummary("Connect the account if needed and walk its past media (optionally since/until)");
        historyRead.MapGet("/", GetInstagram).WithName("GetInstagramHistory")
            .WithSummary("An Instagram history walk's status");
        historyManage.MapPost("/pause", PauseInstagram).WithName("PauseInstagramHistory")
            .WithSummary("Stop after the page in hand");
        historyManage.MapPost("/resume", ResumeInstagram).WithName("ResumeInstagramHistory")
            .WithSummary("Go on from the last finished page");
        historyManage.MapPost("/cancel", CancelInstagram).WithName("CancelInstagramHistory")
            .WithSummary("End the walk where it stands");
        return group;
    }

    /// <summary>The range to walk; both optional. Posts published at or after <c>Since</c> and at or before <c>Until</c>.</summary>
    public sealed record BackfillRequest(DateTimeOffset? Since, DateTimeOffset? Until, string? Tenant);

    private static async Task<Results<Accepted<BackfillView>, ValidationProblem, ProblemHttpResult>> StartPage(string pageId,
        [FromBody] BackfillRequest? request, ClaimsPrincipal user, IOptionsMonitor<MetaOptions> meta, TenantOwnership ownership, IGrainFactory grains,
        BackfillQueries queries, CancellationToken cancellationToken)
    {
        // The page's tenant is the one its webhooks go to; a key of another tenant learns nothing about the page.
        var tenant = PageOwner.Of(ownership, meta.CurrentValue, pageId);
        if (!user.SeesTenant(tenant)) return NotFound("page", pageId);
        var errors = Validate("pageId", pageId, request);
        if (request?.Tenant is { } asked && asked != tenant) errors["tenant"] = ["is set by Silo:Tenants:<tenant>:FacebookPages for a page; leave it out."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var outcome = await grains.GetGrain<IBackfillGrain>(BackfillIds.Key("facebook", pageId))
            .Start(new BackfillStart("facebook", pageId, tenant, request?.Since, request?.Until, user.Tenant()));
        return await Started(outcome, "facebook", pageId, $"/api/media/pages/{pageId}/backfill", queries, cancellationToken);
    }

    private static async Task<Results<Ok<BackfillView>, ValidationProblem, ProblemHttpResult>> GetPage(string pageId, ClaimsPrincipal user,
        IOptionsMonitor<MetaOptions> meta, TenantOwnership ownership, BackfillQueries queries, CancellationToken cancellationToken)
    {
        if (!user.SeesTenant(PageOwner.Of(ownership, meta.CurrentValue, pageId))) return NotFound("page", pageId);
        if (Validate("pageId", pageId, null) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var view = await queries.GetAsync("facebook", pageId, cancellationToken);
        return view is not null && user.SeesTenant(view.Tenant) ? TypedResults.Ok(view) : NotFound("page", pageId);
    }

    /// <summary>What pausing, resuming or cancelling a page backfill reads from the request.</summary>
    public sealed record PageChange(string PageId, ClaimsPrincipal User, IOptionsMonitor<MetaOptions> Meta, TenantOwnership Ownership, IGrainFactory Grains);

    private static Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> PausePage([AsParameters] PageChange request) =>
        ChangePage(request, g => g.Pause(request.User.Tenant()));

    private static Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ResumePage([AsParameters] PageChange request) =>
        ChangePage(request, g => g.Resume(request.User.Tenant()));

    private static Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> CancelPage([AsParameters] PageChange request) =>
        ChangePage(request, g => g.Cancel(request.User.Tenant()));

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ChangePage(PageChange request, Func<IBackfillGrain, Task<bool>> change)
    {
        var pageId = request.PageId;
        if (!request.User.SeesTenant(PageOwner.Of(request.Ownership, request.Meta.CurrentValue, pageId))) return NotFound("page", pageId);
        if (Validate("pageId", pageId, null) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        return await change(request.Grains.GetGrain<IBackfillGrain>(BackfillIds.Key("facebook", pageId)))
            ? TypedResults.Accepted((string?)null)
            : NotInThatState(pageId);
    }

    private static async Task<Results<Accepted<BackfillView>, ValidationProblem, ProblemHttpResult>> StartInstagram(string igUserId,
        [FromBody] BackfillRequest? request, ClaimsPrincipal user, IGrainFactory grains, TenantOwnership ownership, BackfillQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = Validate("igUserId", igUserId, request);
        var tenant = request?.Tenant ?? (user.Tenant() is "*" ? ownership.OwnerOf(AssetKind.InstagramAccount, igUserId) : user.Tenant());
        if (string.IsNullOrWhiteSpace(tenant)) errors["tenant"] = ["is required."];
        else if (!user.SeesTenant(tenant)) errors["tenant"] = ["is not a tenant this key can write."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // The history walk runs beside the account's polling, which keeps new media coming once the walk is over.
        // The account grain checks the owner (Silo:Tenants:<tenant>:InstagramAccounts): anything else answers as an unknown account would.
        if (!await grains.GetGrain<IInstagramAccountGrain>(igUserId).Connect(new InstagramAccountConnected(igUserId, tenant!, user.Tenant())))
            return NotFound("Instagram account", igUserId);
        var outcome = await grains.GetGrain<IBackfillGrain>(BackfillIds.Key("instagram", igUserId))
            .Start(new BackfillStart("instagram", igUserId, tenant!, request?.Since, request?.Until, user.Tenant()));
        return await Started(outcome, "instagram", igUserId, $"/api/media/instagram-accounts/{igUserId}/history", queries, cancellationToken);
    }

    private static async Task<Results<Ok<BackfillView>, ProblemHttpResult>> GetInstagram(string igUserId, ClaimsPrincipal user,
        BackfillQueries queries, CancellationToken cancellationToken)
    {
        var view = await queries.GetAsync("instagram", igUserId, cancellationToken);
        return view is not null && user.SeesTenant(view.Tenant) ? TypedResults.Ok(view) : NotFound("Instagram account", igUserId);
    }

    /// <summary>What pausing, resuming or cancelling an Instagram history walk reads from the request.</summary>
    public sealed record InstagramChange(string IgUserId, ClaimsPrincipal User, BackfillQueries Queries, IGrainFactory Grains, CancellationToken CancellationToken);

    private static Task<Results<Accepted, ProblemHttpResult>> PauseInstagram([AsParameters] InstagramChange request) =>
        ChangeInstagram(request, g => g.Pause(request.User.Tenant()));

    private static Task<Results<Accepted, ProblemHttpResult>> ResumeInstagram([AsParameters] InstagramChange request) =>
        ChangeInstagram(request, g => g.Resume(request.User.Tenant()));

    private static Task<Results<Accepted, ProblemHttpResult>> CancelInstagram([AsParameters] InstagramChange request) =>
        ChangeInstagram(request, g => g.Cancel(request.User.Tenant()));

    private static async Task<Results<Accepted, ProblemHttpResult>> ChangeInstagram(InstagramChange request, Func<IBackfillGrain, Task<bool>> change)
    {
        var view = await request.Queries.GetAsync("instagram", request.IgUserId, request.CancellationToken);
        if (view is null || !request.User.SeesTenant(view.Tenant)) return NotFound("Instagram account", request.IgUserId);
        return await change(request.Grains.GetGrain<IBackfillGrain>(BackfillIds.Key("instagram", request.IgUserId)))
            ? TypedResults.Accepted((string?)null)
            : NotInThatState(request.IgUserId);
    }

    private static Dictionary<string, string[]> Validate(string idField, string id, BackfillRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (id.Length is 0 or > 40 || !id.All(char.IsAsciiDigit)) errors[idField] = ["must be the numeric id (at most 40 digits)."];
        if (request?.Since is { } since && request.Until is { } until && until <= since) errors["until"] = ["must be after since."];
        return errors;
    }

    private static async Task<Results<Accepted<BackfillView>, ValidationProblem, ProblemHttpResult>> Started(BackfillStartOutcome outcome,
        string source, string accountId, string location, BackfillQueries queries, CancellationToken cancellationToken) => outcome switch
    {
        BackfillStartOutcome.Started => TypedResults.Accepted(location, await queries.GetAsync(source, accountId, cancellationToken)),
        BackfillStartOutcome.AlreadyActive => TypedResults.Problem($"A walk of {accountId} is running or paused: resume or cancel it first.",
            statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        // The grain's owner check refused: answered as an unknown account would be.
        _ => NotFound(source == "facebook" ? "page" : "Instagram account", accountId),
    };

    private static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem($"No {what} {id} for this key.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult NotInThatState(string id) =>
        TypedResults.Problem($"The walk of {id} is not in a state that allows this (see its status).", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
