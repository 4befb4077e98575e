namespace Silo.Insights.Queries;

/// <summary>An <c>ad_entities</c> row as the read side needs it.</summary>
public sealed record AdEntityRow(string EntityId, string EntityType, string AccountId, string CampaignId, string? AdSetId, string Name,
    string Status, string? TargetingJson, string Tenant);
