namespace Silo.Insights.Queries;

/// <summary>A campaign in the overview's top list (by spend in the range).</summary>
public sealed record TopCampaign(string CampaignId, string CampaignName, string Status, Metrics Metrics);
