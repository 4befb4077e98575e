namespace Silo.Insights.Entities;

/// <summary>One campaign, ad set or ad, with its place in the account's hierarchy.</summary>
public sealed record AdEntityRef(string EntityId, string EntityType, string AccountId, string CampaignId, string? AdSetId);
