namespace Silo.Insights.Reporting;

/// <summary>GET /meta/insights/ad/{id}.</summary>
public sealed record AdDetail(string AdId, string AdName, string Status, string CampaignId, string AdsetId, EntityInsights AdInsights,
    PeerComparison PeerComparison, PerformanceSummary PerformanceSummary);
