using Silo.Insights.Creatives;
namespace Silo.Insights.Queries;

/// <summary>GET /meta/insights/ad/{id}: with its creative and the creative's archived media (null before discovery listed one).</summary>
public sealed record AdDetail(string AdId, string AdName, string Status, string CampaignId, string AdsetId, EntityInsights AdInsights,
    PeerComparison PeerComparison, PerformanceSummary PerformanceSummary, AdCreativeView? Creative);
