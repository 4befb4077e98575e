using Silo.Insights.Alerts;
using Silo.Insights.Sync;
namespace Silo.Insights.Queries;

/// <summary>GET /meta/insights/overview (seed 004), plus the previous period and the accounts.</summary>
public sealed record Overview(DateTimeOffset Timestamp, DateRange DateRange, int TotalCampaigns, int ActiveCampaigns, Metrics GlobalMetrics,
    PeriodMetrics PreviousPeriod, IReadOnlyList<TopCampaign> TopCampaigns, SyncReport? LastSync, IReadOnlyList<InsightsAlert> Alerts,
    IReadOnlyList<AccountView> Accounts);
