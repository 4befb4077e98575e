using System.Text.Json;

namespace Silo.Insights.Queries;

/// <summary>GET /meta/insights/adset/{id}: with the targeting discovery read (Meta's targeting spec, as given).</summary>
public sealed record AdSetDetail(string AdsetId, string AdsetName, string Status, string CampaignId, JsonElement? Targeting,
    EntityInsights AdsetInsights, int AdsCount, PerformanceSummary PerformanceSummary);
