using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Gateway.Auth;
using Silo.Hosting.Hosting;
using Silo.Insights.Entities;
using Silo.Insights.Hosting;
using Silo.Insights.Queries;
using Silo.Insights.Sync;

namespace Silo.Gateway.Operations;

/// <summary>What <c>/meta/insights</c> and gRPC's <c>silo.v1.Insights</c> both do: the overview, an entity's days, a manual sync.</summary>
public sealed class InsightsOperations(InsightsQueries queries, ManualSync sync, IOptions<InsightsOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    public const int DefaultDays = 30;

    /// <summary>One entity's rows over the last days, when the caller's key sees its tenant (and it is of <c>entityType</c>, when given).</summary>
    public sealed record EntityDays(AdEntityRow Entity, DateRange Range, IReadOnlyList<InsightDay> Days);

    /// <summary>The tenant whose rows the caller sees; null for the bootstrap admin (<c>*</c>), who sees all.</summary>
    public static string? Scope(ClaimsPrincipal user) => user.Tenant() is "*" ? null : user.Tenant();

    /// <summary>The error for a <c>days</c> outside 1 to the configured maximum, or null.</summary>
    public Dictionary<string, string[]>? DaysError(int? days) =>
        days is { } d && (d < 1 || d > options.Value.MaxDaysBack)
            ? new Dictionary<string, string[]> { ["days"] = [$"must be between 1 and {options.Value.MaxDaysBack}."] }
            : null;

    public async Task<OperationResult<Overview>> OverviewAsync(int? days, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (DaysError(days) is { } error) return OperationResult<Overview>.Invalid(error);
        var now = time.GetUtcNow();
        return OperationResult<Overview>.Ok(await queries.OverviewAsync(Scope(user), DateRange.LastDays(days ?? DefaultDays, now), now, cancellationToken));
    }

    public async Task<OperationResult<EntityDays>> EntityDaysAsync(string entityId, string? entityType, int? days, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (DaysError(days) is { } error) return OperationResult<EntityDays>.Invalid(error);
        if (entityType is not null && !AdEntityType.IsValid(entityType)) return OperationResult<EntityDays>.Invalid("entity_type", "must be campaign, adset or ad.");
        if (await queries.EntityAsync(entityId, Scope(user), cancellationToken) is not { } entity || (entityType is not null && entity.EntityType != entityType))
            return OperationResult<EntityDays>.NotFound($"No {entityType ?? "entity"} with id {entityId}.");
        var range = DateRange.LastDays(days ?? DefaultDays, time.GetUtcNow());
        return OperationResult<EntityDays>.Ok(new EntityDays(entity, range, await queries.DaysAsync(entity, range, cancellationToken)));
    }

    /// <summary>
    /// Starts a manual sync of the caller's entities and waits for its report up to the configured
    /// wait; a report still <c>running</c> when the wait runs out is returned as it stands.
    /// </summary>
    public async Task<OperationResult<SyncReport>> SyncNowAsync(SyncNowRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var daysBack = request.DaysBack ?? options.Value.LookbackDays;
        if (daysBack < 1 || daysBack > options.Value.MaxDaysBack) errors["days_back"] = [$"must be between 1 and {options.Value.MaxDaysBack}."];
        if (request.EntityType is not null && !AdEntityType.IsValid(request.EntityType)) errors["entity_type"] = ["must be campaign, adset or ad."];
        if (request.EntityIds is { Count: > 1000 }) errors["entity_ids"] = ["at most 1000 ids."];
        if (request.EntityIds?.Any(string.IsNullOrWhiteSpace) == true) errors["entity_ids"] = ["ids must not be empty."];
        if (errors.Count > 0) return OperationResult<SyncReport>.Invalid(errors);

        var scope = Scope(user);
        IReadOnlyList<AdEntityRow> targets;
        if (request.EntityIds is { Count: > 0 } ids)
        {
            var named = await queries.EntitiesAsync(ids.Distinct().ToList(), scope, cancellationToken);
            var missing = ids.Except(named.Select(e => e.EntityId)).ToList();
            if (missing.Count > 0) return OperationResult<SyncReport>.NotFound($"Unknown entity ids: {string.Join(", ", missing)}.");
            if (request.EntityType is { } type && named.FirstOrDefault(e => e.EntityType != type) is { } wrong)
                return OperationResult<SyncReport>.Invalid("entity_ids", $"{wrong.EntityId} is a {wrong.EntityType}, not a {type}.");
            var below = await queries.ActiveEntitiesAsync(scope, null, named.Where(e => e.EntityType != AdEntityType.Ad).Select(e => e.EntityId).ToList(), cancellationToken);
            targets = named.Concat(below).DistinctBy(e => e.EntityId).ToList();
        }
        else
        {
            targets = await queries.ActiveEntitiesAsync(scope, request.EntityType, null, cancellationToken);
        }

        // A run over one tenant's entities belongs to that tenant, whoever started it, so its users see it.
        var owner = targets.Select(t => t.Tenant).Distinct().ToList() is [var single] ? single : user.Tenant();
        var syncId = await sync.StartAsync(targets, owner, daysBack, request.Force ?? false, cancellationToken);
        return OperationResult<SyncReport>.Ok(await sync.WaitAsync(syncId, options.Value.SyncNowWait, cancellationToken));
    }
}
