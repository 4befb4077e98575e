using Silo.Insights.Entities;
namespace Silo.Insights.Reports;

/// <summary>Where an entity's insights report stands: still running at Meta, or done with its rows.</summary>
public abstract record ReportProgress
{
    public sealed record Running(string ReportRunId, int PercentCompletion) : ReportProgress;

    public sealed record Completed(IReadOnlyList<InsightRow> Rows) : ReportProgress;
}
