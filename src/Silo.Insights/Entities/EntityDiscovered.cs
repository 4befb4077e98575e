namespace Silo.Insights.Entities;

/// <summary>Discovery found the entity (new, or its status changed): an active one refreshes, a paused or removed one stops.</summary>
public sealed record EntityDiscovered(string AccountId, string CampaignId, string? AdSetId, bool Active);
