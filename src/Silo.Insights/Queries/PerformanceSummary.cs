namespace Silo.Insights.Queries;

/// <summary>
/// Seed 004's <c>efficiency_score</c> (0–100), which the seed leaves undefined: 50 points for ROAS
/// (full at 3.0), 30 for CTR (full at 3%), 20 for conversion rate (full at 5% of clicks).
/// </summary>
public sealed record PerformanceSummary(decimal EfficiencyScore, decimal ConversionRate)
{
    public static PerformanceSummary From(Metrics m)
    {
        var conversionRate = m.Clicks == 0 ? 0 : m.Conversions * 100m / m.Clicks;
        var score = 50 * Math.Min(m.Roas / 3m, 1) + 30 * Math.Min(m.Ctr / 3m, 1) + 20 * Math.Min(conversionRate / 5m, 1);
        return new PerformanceSummary(Math.Round(score, 1), Math.Round(conversionRate, 2));
    }
}
