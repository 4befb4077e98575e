namespace Silo.Insights.Reporting;

/// <summary>Seed 004's per-level counters in a sync report.</summary>
public sealed record EntityCounts(int Processed, int Success, int Errors);
