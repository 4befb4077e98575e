using Silo.Insights.Accounts;
using Silo.Insights.Entities;

namespace Silo.Insights.Hosting;

/// <summary>Storage names and grain look-ups of this module.</summary>
public static class InsightsGrains
{
    /// <summary>The account grains' state in <c>ad_accounts</c>.</summary>
    public const string AccountStorage = "insights-accounts";

    /// <summary>The entity grains' state in <c>ad_entities</c>.</summary>
    public const string EntityStorage = "insights-entities";

    public static IAdAccountGrain Account(this IGrainFactory grains, string accountId) => grains.GetGrain<IAdAccountGrain>(accountId);

    public static IAdEntityGrain Entity(this IGrainFactory grains, string entityType, string entityId) => entityType switch
    {
        AdEntityType.Campaign => grains.GetGrain<ICampaignGrain>(entityId),
        AdEntityType.AdSet => grains.GetGrain<IAdSetGrain>(entityId),
        AdEntityType.Ad => grains.GetGrain<IAdGrain>(entityId),
        _ => throw new ArgumentOutOfRangeException(nameof(entityType), entityType, "Unknown ad entity type."),
    };
}
