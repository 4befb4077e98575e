namespace Silo.Insights.Queries;

/// <summary>The same metrics for the previous period of equal length.</summary>
public sealed record PeriodMetrics(DateRange DateRange, Metrics GlobalMetrics);
