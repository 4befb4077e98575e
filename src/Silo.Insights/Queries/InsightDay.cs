namespace Silo.Insights.Queries;

/// <summary>One day of one entity, as stored in <c>meta_ad_insights</c>.</summary>
public sealed record InsightDay(DateOnly DateStart, DateOnly DateEnd, decimal Spend, long Impressions, long Clicks, long Conversions,
    decimal Revenue, decimal Ctr, decimal Cpc, decimal Roas, decimal Frequency, long Reach, long UniqueClicks, decimal CostPerConversion,
    DateTimeOffset UpdatedAt);
