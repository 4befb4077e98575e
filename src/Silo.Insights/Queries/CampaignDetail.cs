namespace Silo.Insights.Queries;

/// <summary>GET /meta/insights/campaign/{id}.</summary>
public sealed record CampaignDetail(string CampaignId, string CampaignName, string Status, string AccountId, EntityInsights CampaignInsights,
    int AdsetsCount, int AdsCount, PerformanceSummary PerformanceSummary);
