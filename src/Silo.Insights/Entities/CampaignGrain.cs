using Silo.Insights.Meta;

namespace Silo.Insights.Entities;

/// <summary>A campaign grain (<c>campaign</c> level insights).</summary>
public sealed class CampaignGrain(RefreshServices services) : AdEntityGrain(services)
{
    protected override string EntityType => AdEntityType.Campaign;
}
