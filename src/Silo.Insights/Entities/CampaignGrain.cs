using Silo.Insights.Hosting;

namespace Silo.Insights.Entities;

/// <summary>A campaign grain (<c>campaign</c> level insights).</summary>
[GrainType("ad-campaign")]
public sealed class CampaignGrain(RefreshServices services,
    [PersistentState(AdEntityGrain.StateName, InsightsGrains.EntityStorage)] IPersistentState<AdEntityState> state) : AdEntityGrain(services, state), ICampaignGrain
{
    protected override string EntityType => AdEntityType.Campaign;
}
