using Silo.Insights.Meta;
using Silo.Hosting.Grains;

namespace Silo.Insights.Entities;

/// <summary>Grain type names and ids of this module (<c>ad-account/act_1</c>, <c>ad-campaign/1200…</c>).</summary>
public static class InsightsGrains
{
    public const string AccountType = "ad-account";
    public const string CampaignType = "ad-campaign";
    public const string AdSetType = "ad-adset";
    public const string AdType = "ad-ad";

    public static GrainId Account(string accountId) => new(AccountType, accountId);

    public static GrainId Entity(string entityType, string entityId) => entityType switch
    {
        AdEntityType.Campaign => new GrainId(CampaignType, entityId),
        AdEntityType.AdSet => new GrainId(AdSetType, entityId),
        AdEntityType.Ad => new GrainId(AdType, entityId),
        _ => throw new ArgumentOutOfRangeException(nameof(entityType), entityType, "Unknown ad entity type."),
    };
}
