namespace Silo.Insights.Queries;

/// <summary>GET /meta/insights/recent-insights/{entity_id}: the entity's timeline.</summary>
public sealed record RecentInsights(string EntityId, string EntityType, string Name, DateRange DateRange, IReadOnlyList<InsightDay> Timeline);
