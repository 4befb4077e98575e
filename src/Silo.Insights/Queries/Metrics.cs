namespace Silo.Insights.Queries;

/// <summary>Seed 004's global metrics: sums, and ratios computed from the sums (not averages of daily ratios).</summary>
public sealed record Metrics(decimal Spend, long Impressions, long Clicks, long Conversions, decimal Revenue, decimal Ctr, decimal Cpc, decimal Roas)
{
    public static Metrics From(decimal spend, long impressions, long clicks, long conversions, decimal revenue) =>
        new(spend, impressions, clicks, conversions, revenue,
            impressions == 0 ? 0 : Math.Round(clicks * 100m / impressions, 2),
            clicks == 0 ? 0 : Math.Round(spend / clicks, 2),
            spend == 0 ? 0 : Math.Round(revenue / spend, 2));
}
