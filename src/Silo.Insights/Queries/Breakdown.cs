namespace Silo.Insights.Queries;

/// <summary>
/// A drill-down level (campaigns, a campaign's ad sets, an ad set's ads) with each entity's figures
/// for the range and the previous period, largest spend first.
/// </summary>
public sealed record Breakdown(string Level, string? ParentId, string? ParentName, DateRange DateRange, DateRange PreviousDateRange,
    IReadOnlyList<BreakdownRow> Items);
