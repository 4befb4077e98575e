using Silo.Insights.Hosting;

namespace Silo.Insights.Entities;

/// <summary>An ad grain (<c>ad</c> level insights).</summary>
[GrainType("ad-ad")]
public sealed class AdGrain(RefreshServices services,
    [PersistentState(AdEntityGrain.StateName, InsightsGrains.EntityStorage)] IPersistentState<AdEntityState> state) : AdEntityGrain(services, state), IAdGrain
{
    protected override string EntityType => AdEntityType.Ad;
}
