using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Gateway.Auth;
using Silo.Gateway.Media;
using Silo.Gateway.Operations;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Insights.Accounts;
using Silo.Insights.Entities;
using Silo.Insights.Hosting;
using Silo.Insights.Queries;
using Silo.Insights.Sync;

namespace Silo.Gateway.Endpoints;

/// <summary>Seed 004's Meta Ads insights routes under <c>/meta/insights</c>, with the seed's permissions.</summary>
public static partial class InsightsEndpoints
{
    private const int DefaultDays = InsightsOperations.DefaultDays;

    public static RouteGroupBuilder MapInsightsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/meta/insights").WithTags("Insights");
        var read = group.Needing(Permissions.AnalyticsRead);
        var manage = group.Needing(Permissions.Manager);
        var admin = group.Needing(Permissions.Admin);
        read.MapGet("/overview", GetOverview).WithName("GetInsightsOverview")
            .WithSummary("Global metrics, campaign counts, top campaigns, last sync and alerts, with the previous period");
        read.MapGet("/campaign/{campaignId}", GetCampaign).WithName("GetCampaignInsights")
            .WithSummary("A campaign's daily insights with its ad set and ad counts");
        read.MapGet("/adset/{adsetId}", GetAdSet).WithName("GetAdSetInsights")
            .WithSummary("An ad set's daily insights with its targeting");
        read.MapGet("/ad/{adId}", GetAd).WithName("GetAdInsights")
            .WithSummary("An ad's daily insights compared with its peers in the same ad set, with its creative and the creative's archived media");
        read.MapGet("/recent-insights/{entityId}", GetRecentInsights).WithName("GetRecentInsights")
            .WithSummary("Timeline of recent insights of any entity");
        read.MapGet("/campaigns", GetCampaigns).WithName("ListCampaignInsights")
            .WithSummary("Drill-down: every campaign with its figures for the period and the period before");
        read.MapGet("/campaign/{campaignId}/adsets", GetCampaignAdSets).WithName("ListCampaignAdSetInsights")
            .WithSummary("Drill-down: a campaign's ad sets with their figures for the period and the period before");
        read.MapGet("/adset/{adsetId}/ads", GetAdSetAds).WithName("ListAdSetAdInsights")
            .WithSummary("Drill-down: an ad set's ads with their figures for the period and the period before");
        read.MapGet("/export.csv", ExportCsv).WithName("ExportInsightsCsv")
            .WithSummary("Stored rows of one level over a date range, as CSV").Produces<string>(StatusCodes.Status200OK, "text/csv");
        manage.MapPost("/sync-now", SyncNow).WithName("SyncInsightsNow")
            .WithSummary("Runs a manual sync and returns its report (202 with the run so far if it outlasts the wait)");
        read.MapGet("/sync-runs/{syncId:guid}", GetSyncRun).WithName("GetInsightsSyncRun")
            .WithSummary("A sync run's report");
        admin.MapPost("/accounts", ConnectAccount).WithName("ConnectAdAccount")
            .WithSummary("Connects an ad account (id, tenant, token reference) and starts its discovery");
        return group;
    }

    private static async Task<Results<JsonHttpResult<Overview>, ValidationProblem>> GetOverview(int? days, ClaimsPrincipal user,
        InsightsOperations operations, CancellationToken cancellationToken)
    {
        var overview = await operations.OverviewAsync(days, user, cancellationToken);
        return overview.Succeeded ? TypedResults.Json(overview.Value!, InsightsJson.Options) : TypedResults.ValidationProblem(overview.Errors!);
    }

    private static async Task<Results<JsonHttpResult<CampaignDetail>, ValidationProblem, ProblemHttpResult>> GetCampaign(string campaignId, int? days,
        ClaimsPrincipal user, InsightsQueries queries, [FromKeyedServices(SiloClock.Key)] TimeProvider time, IOptions<InsightsOptions> options, CancellationToken cancellationToken)
    {
        if (DaysError(days, options.Value) is { } error) return error;
        if (await queries.EntityAsync(campaignId, Scope(user), cancellationToken) is not { EntityType: AdEntityType.Campaign } campaign)
            return NotFound("campaign", campaignId);
        var range = DateRange.LastDays(days ?? DefaultDays, time.GetUtcNow());
        var insights = EntityInsights.From(campaign.EntityId, campaign.EntityType, range, await queries.DaysAsync(campaign, range, cancellationToken));
        return TypedResults.Json(new CampaignDetail(campaign.EntityId, campaign.Name, campaign.Status, campaign.AccountId, insights,
            await queries.ChildCountAsync(campaign, AdEntityType.AdSet, cancellationToken), await queries.ChildCountAsync(campaign, AdEntityType.Ad, cancellationToken),
            PerformanceSummary.From(insights.Totals)), InsightsJson.Options);
    }

    private static async Task<Results<JsonHttpResult<AdSetDetail>, ValidationProblem, ProblemHttpResult>> GetAdSet(string adsetId, int? days,
        ClaimsPrincipal user, InsightsQueries queries, [FromKeyedServices(SiloClock.Key)] TimeProvider time, IOptions<InsightsOptions> options, CancellationToken cancellationToken)
    {
        if (DaysError(days, options.Value) is { } error) return error;
        if (await queries.EntityAsync(adsetId, Scope(user), cancellationToken) is not { EntityType: AdEntityType.AdSet } adset)
            return NotFound("ad set", adsetId);
        var range = DateRange.LastDays(days ?? DefaultDays, time.GetUtcNow());
        var insights = EntityInsights.From(adset.EntityId, adset.EntityType, range, await queries.DaysAsync(adset, range, cancellationToken));
        JsonElement? targeting = adset.TargetingJson is null ? null : JsonDocument.Parse(adset.TargetingJson).RootElement.Clone();
        return TypedResults.Json(new AdSetDetail(adset.EntityId, adset.Name, adset.Status, adset.CampaignId, targeting, insights,
            await queries.ChildCountAsync(adset, AdEntityType.Ad, cancellationToken), PerformanceSummary.From(insights.Totals)), InsightsJson.Options);
    }

    private static async Task<Results<JsonHttpResult<AdDetail>, ValidationProblem, ProblemHttpResult>> GetAd(string adId, int? days,
        ClaimsPrincipal user, InsightsQueries queries, MediaLinks links, [FromKeyedServices(SiloClock.Key)] TimeProvider time, IOptions<InsightsOptions> options,
        CancellationToken cancellationToken)
    {
        if (DaysError(days, options.Value) is { } error) return error;
        if (await queries.EntityAsync(adId, Scope(user), cancellationToken) is not { EntityType: AdEntityType.Ad } ad)
            return NotFound("ad", adId);
        var range = DateRange.LastDays(days ?? DefaultDays, time.GetUtcNow());
        var insights = EntityInsights.From(ad.EntityId, ad.EntityType, range, await queries.DaysAsync(ad, range, cancellationToken));
        var (peers, peerMetrics) = await queries.PeersAsync(ad, range, cancellationToken);
        var comparison = new PeerComparison(peers, peerMetrics, Delta(insights.Totals.Ctr, peerMetrics.Ctr),
            Delta(insights.Totals.Cpc, peerMetrics.Cpc), Delta(insights.Totals.Roas, peerMetrics.Roas));
        // The creative's links carry a token, as a private post's do, so a page or client without the key can show them.
        var creative = await queries.CreativeAsync(ad.EntityId, cancellationToken) is { } found ? links.Sign(found) : null;
        return TypedResults.Json(new AdDetail(ad.EntityId, ad.Name, ad.Status, ad.CampaignId, ad.AdSetId ?? "", insights, comparison,
            PerformanceSummary.From(insights.Totals), creative), InsightsJson.Options);
    }

    private static async Task<Results<JsonHttpResult<RecentInsights>, ValidationProblem, ProblemHttpResult>> GetRecentInsights(string entityId,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "entity_type")] string? entityType, int? days, ClaimsPrincipal user, InsightsOperations operations,
        CancellationToken cancellationToken)
    {
        var found = await operations.EntityDaysAsync(entityId, entityType, days, user, cancellationToken);
        if (found.Failure == OperationFailure.Invalid) return TypedResults.ValidationProblem(found.Errors!);
        if (found.Value is not { } e) return NotFound(entityType ?? "entity", entityId);
        return TypedResults.Json(new RecentInsights(e.Entity.EntityId, e.Entity.EntityType, e.Entity.Name, e.Range, e.Days), InsightsJson.Options);
    }

    private static Task<Results<JsonHttpResult<Breakdown>, ValidationProblem, ProblemHttpResult>> GetCampaigns(int? days, ClaimsPrincipal user,
        InsightsQueries queries, [FromKeyedServices(SiloClock.Key)] TimeProvider time, IOptions<InsightsOptions> options, CancellationToken cancellationToken) =>
        BreakdownAsync(AdEntityType.Campaign, null, null, days, user, queries, time, options, cancellationToken);

    private static Task<Results<JsonHttpResult<Breakdown>, ValidationProblem, ProblemHttpResult>> GetCampaignAdSets(string campaignId, int? days,
        ClaimsPrincipal user, InsightsQueries queries, [FromKeyedServices(SiloClock.Key)] TimeProvider time, IOptions<InsightsOptions> options,
        CancellationToken cancellationToken) =>
        BreakdownAsync(AdEntityType.AdSet, AdEntityType.Campaign, campaignId, days, user, queries, time, options, cancellationToken);

    private static Task<Results<JsonHttpResult<Breakdown>, ValidationProblem, ProblemHttpResult>> GetAdSetAds(string adsetId, int? days,
        ClaimsPrincipal user, InsightsQueries queries, [FromKeyedServices(SiloClock.Key)] TimeProvider time, IOptions<InsightsOptions> options,
        CancellationToken cancellationToken) =>
        BreakdownAsync(AdEntityType.Ad, AdEntityType.AdSet, adsetId, days, user, queries, time, options, cancellationToken);

    private static async Task<Results<JsonHttpResult<Breakdown>, ValidationProblem, ProblemHttpResult>> BreakdownAsync(string level, string? parentType,
        string? parentId, int? days, ClaimsPrincipal user, InsightsQueries queries, TimeProvider time, IOptions<InsightsOptions> options,
        CancellationToken cancellationToken)
    {
        if (DaysError(days, options.Value) is { } error) return error;
        AdEntityRow? parent = null;
        if (parentId is not null)
        {
            parent = await queries.EntityAsync(parentId, Scope(user), cancellationToken);
            if (parent is null || parent.EntityType != parentType) return NotFound(parentType == AdEntityType.Campaign ? "campaign" : "ad set", parentId);
        }
        var range = DateRange.LastDays(days ?? DefaultDays, time.GetUtcNow());
        var items = await queries.BreakdownAsync(Scope(user), level, parent, range, cancellationToken);
        return TypedResults.Json(new Breakdown(level, parent?.EntityId, parent?.Name, range, range.Previous(), items), InsightsJson.Options);
    }

    private static Results<PushStreamHttpResult, ValidationProblem> ExportCsv(string? from, string? to, string? level, ClaimsPrincipal user,
        CsvExport export, [FromKeyedServices(SiloClock.Key)] TimeProvider time, IOptions<InsightsOptions> options, HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var end = ParseDate(to, "to", today, errors);
        var start = ParseDate(from, "from", end.AddDays(1 - DefaultDays), errors);
        level ??= AdEntityType.Campaign;
        if (!AdEntityType.IsValid(level)) errors["level"] = ["must be campaign, adset or ad."];
        if (errors.Count == 0 && start > end) errors["from"] = ["must not be after 'to'."];
        if (errors.Count == 0 && end.DayNumber - start.DayNumber + 1 > options.Value.MaxDaysBack)
            errors["from"] = [$"the range may span at most {options.Value.MaxDaysBack} days."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var tenant = Scope(user);
        return TypedResults.Stream(async stream =>
            {
                // A slow reader must not hold the database connection the rows come from: past the limit the request is aborted,
                // which fails the pending write at once and ends the reader.
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                deadline.CancelAfter(options.Value.ExportTimeout);
                await using var abort = deadline.Token.Register(context.Abort);
                try { await export.WriteAsync(stream, tenant, level, new DateRange(start, end), deadline.Token); }
                catch (Exception e) when (deadline.IsCancellationRequested && e is OperationCanceledException or IOException) { }
            },
            "text/csv; charset=utf-8", $"meta-insights-{level}-{start:yyyyMMdd}-{end:yyyyMMdd}.csv");
    }

    private static async Task<Results<Ok<SyncReport>, Accepted<SyncReport>, ValidationProblem, ProblemHttpResult>> SyncNow(SyncNowRequest? request,
        ClaimsPrincipal user, InsightsOperations operations, CancellationToken cancellationToken)
    {
        var run = await operations.SyncNowAsync(request ?? new SyncNowRequest(null, null, null, null), user, cancellationToken);
        return run switch
        {
            { Failure: OperationFailure.Invalid } => TypedResults.ValidationProblem(run.Errors!),
            { Failure: OperationFailure.NotFound } => TypedResults.Problem(run.Detail, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            { Value.Status: "completed" } => TypedResults.Ok(run.Value),
            _ => TypedResults.Accepted($"/meta/insights/sync-runs/{run.Value!.SyncId}", run.Value),
        };
    }

    private static async Task<Results<Ok<SyncReport>, ProblemHttpResult>> GetSyncRun(Guid syncId, ClaimsPrincipal user, SyncRunStore runs,
        CancellationToken cancellationToken) =>
        await runs.ReportAsync(syncId, Scope(user), cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : NotFound("sync run", syncId.ToString());

    private static async Task<Results<Created<ConnectedAccount>, ValidationProblem, ProblemHttpResult>> ConnectAccount(ConnectAccountRequest? request,
        ClaimsPrincipal user, AccountConnector connector, IConfiguration configuration, IOptions<InsightsOptions> options, TenantOwnership ownership)
    {
        var errors = new Dictionary<string, string[]>();
        var accountId = request?.AccountId?.Trim() ?? "";
        if (!AccountIdPattern().IsMatch(accountId)) errors["account_id"] = ["must be an ad account id: act_<digits> or <digits>."];
        else if (!accountId.StartsWith("act_", StringComparison.Ordinal)) accountId = "act_" + accountId;
        var tenant = request?.Tenant?.Trim() is { Length: > 0 } t ? t
            : user.Tenant() is TenantOwnership.AllTenants ? ownership.OwnerOf(AssetKind.AdAccount, accountId) ?? "" : user.Tenant();
        if (tenant is "*" or "" || tenant.Length > 100) errors["tenant"] = ["name the tenant that owns the account (1–100 characters)."];
        else if (!user.SeesTenant(tenant)) errors["tenant"] = ["your key cannot connect accounts for another tenant."];
        // token_ref names one of the tenant's own tokens (Silo:Tenants:<tenant>:Tokens:<name>), never an arbitrary
        // configuration key; left out, the operator's META_ACCESS_TOKEN, which only a tenant-* key may hand an account.
        var asked = request?.TokenRef?.Trim() is { Length: > 0 } r ? r : null;
        var tokenRef = asked is null ? AccountConnector.ClusterToken : ownership.TokenKey(tenant, asked);
        if (asked is not null && !TokenNamePattern().IsMatch(asked)) errors["token_ref"] = ["must be the name of one of the tenant's tokens (letters, digits, _ and -)."];
        else if (tokenRef is null) errors["token_ref"] = [$"is not a token of tenant '{tenant}' (Silo:Tenants:{tenant}:Tokens:{asked})."];
        else if (asked is null && user.Tenant() is not TenantOwnership.AllTenants && options.Value.Mode == InsightsMode.Live)
            errors["token_ref"] = ["is required: name one of the tenant's tokens (Silo:Tenants:<tenant>:Tokens)."];
        else if (options.Value.Mode == InsightsMode.Live && string.IsNullOrWhiteSpace(configuration[tokenRef]))
            errors["token_ref"] = [$"no access token is configured under '{tokenRef}' (live mode needs one)."];
        var name = request?.Name?.Trim() is { Length: > 0 } n ? n : accountId;
        if (name.Length > 200) errors["name"] = ["at most 200 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        // The account grain has stored the connection and scheduled discovery when this returns.
        // The grain checks the owner (Silo:Tenants:<tenant>:AdAccounts) and the token: anything else answers as an unknown account.
        if (!await connector.ConnectAsync(accountId, tenant, name, tokenRef!, user.Tenant())) return NotFound("ad account", accountId);
        return TypedResults.Created($"/meta/insights/accounts/{accountId}", new ConnectedAccount(accountId, tenant, name, tokenRef!, AdAccount.Active));
    }

    /// <summary>The tenant whose rows the caller sees; null for the bootstrap admin (<c>*</c>), who sees all.</summary>
    private static string? Scope(ClaimsPrincipal user) => InsightsOperations.Scope(user);

    private static ValidationProblem? DaysError(int? days, InsightsOptions options) =>
        days is { } d && (d < 1 || d > options.MaxDaysBack)
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"must be between 1 and {options.MaxDaysBack}."] })
            : null;

    private static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem($"No {what} with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static decimal? Delta(decimal value, decimal peers) => peers == 0 ? null : Math.Round((value - peers) * 100 / peers, 2);

    private static DateOnly ParseDate(string? text, string field, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text is null) return fallback;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = ["must be a date as yyyy-MM-dd."];
        return fallback;
    }

    [GeneratedRegex(@"^(act_)?\d{1,20}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex TokenNamePattern();
}
