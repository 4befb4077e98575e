using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Silo.Gateway.Auth;
using Silo.Gateway.Grpc.V1;
using Silo.Gateway.Operations;

namespace Silo.Gateway.Grpc;

/// <summary><c>silo.v1.Insights</c>: the same queries, permissions and tenant scoping as <c>/meta/insights</c>.</summary>
public sealed class InsightsService(InsightsOperations insights) : V1.Insights.InsightsBase
{
    [Authorize(Permissions.AnalyticsRead)]
    public override async Task<Overview> GetOverview(GetOverviewRequest request, ServerCallContext context)
    {
        var overview = await insights.OverviewAsync(ProtoValues.Given(request.Days), context.GetHttpContext().User, context.CancellationToken);
        return overview.Succeeded ? InsightsMessages.From(overview.Value!) : throw GrpcErrors.From(overview);
    }

    [Authorize(Permissions.AnalyticsRead)]
    public override async Task<EntityInsights> GetEntityInsights(GetEntityInsightsRequest request, ServerCallContext context)
    {
        var found = await insights.EntityDaysAsync(GrpcErrors.Required(request.EntityId, "entity_id"), ProtoValues.Given(request.EntityType),
            ProtoValues.Given(request.Days), context.GetHttpContext().User, context.CancellationToken);
        return found.Succeeded ? InsightsMessages.From(found.Value!) : throw GrpcErrors.From(found);
    }

    /// <summary>Answers with the run's report once it completes, or as it stands (status <c>running</c>) when the gateway's wait runs out.</summary>
    [Authorize(Permissions.Manager)]
    public override async Task<SyncReport> SyncNow(V1.SyncNowRequest request, ServerCallContext context)
    {
        var asked = new global::Silo.Insights.Sync.SyncNowRequest(ProtoValues.Given(request.DaysBack), request.Force,
            request.EntityIds.Count > 0 ? [.. request.EntityIds] : null, ProtoValues.Given(request.EntityType));
        var run = await insights.SyncNowAsync(asked, context.GetHttpContext().User, context.CancellationToken);
        return run.Succeeded ? InsightsMessages.From(run.Value!) : throw GrpcErrors.From(run);
    }
}
