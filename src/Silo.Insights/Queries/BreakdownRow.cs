namespace Silo.Insights.Queries;

/// <summary>One entity of a drill-down level: its sums over the range and over the period of equal length before it.</summary>
public sealed record BreakdownRow(string EntityId, string Name, string Status, Metrics Current, Metrics Previous);
