namespace Silo.Insights.Queries;

/// <summary>An entity's daily rows over a range, with totals (seed 004's <c>campaign_insights</c> shape).</summary>
public sealed record EntityInsights(string EntityId, string EntityType, DateRange DateRange, IReadOnlyList<InsightDay> Insights,
    decimal TotalSpend, decimal AvgRoas, Metrics Totals)
{
    public static EntityInsights From(string entityId, string entityType, DateRange range, IReadOnlyList<InsightDay> days)
    {
        var totals = Metrics.From(days.Sum(d => d.Spend), days.Sum(d => d.Impressions), days.Sum(d => d.Clicks),
            days.Sum(d => d.Conversions), days.Sum(d => d.Revenue));
        return new EntityInsights(entityId, entityType, range, days, totals.Spend, totals.Roas, totals);
    }
}
