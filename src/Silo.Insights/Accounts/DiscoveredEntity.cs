namespace Silo.Insights.Accounts;

/// <summary>
/// A campaign, ad set or ad as the account's listing shows it; only ACTIVE ones are refreshed. An ad's
/// <paramref name="CreativeId"/> is the creative it shows now: a new one is read and archived.
/// </summary>
public sealed record DiscoveredEntity(string EntityId, string EntityType, string CampaignId, string? AdSetId, string Name,
    string Status, string? TargetingJson, string? CreativeId = null)
{
    public bool IsActive => Status == "ACTIVE";
}
