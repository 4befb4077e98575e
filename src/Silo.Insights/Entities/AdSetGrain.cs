using Silo.Insights.Hosting;

namespace Silo.Insights.Entities;

/// <summary>An ad set grain (<c>adset</c> level insights).</summary>
[GrainType("ad-adset")]
public sealed class AdSetGrain(RefreshServices services,
    [PersistentState(AdEntityGrain.StateName, InsightsGrains.EntityStorage)] IPersistentState<AdEntityState> state) : AdEntityGrain(services, state), IAdSetGrain
{
    protected override string EntityType => AdEntityType.AdSet;
}
