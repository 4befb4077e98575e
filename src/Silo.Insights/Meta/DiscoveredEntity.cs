namespace Silo.Insights.Meta;

/// <summary>A campaign, ad set or ad as the account's listing shows it; only ACTIVE ones are refreshed.</summary>
public sealed record DiscoveredEntity(string EntityId, string EntityType, string CampaignId, string? AdSetId, string Name,
    string Status, string? TargetingJson)
{
    public bool IsActive => Status == "ACTIVE";
}
