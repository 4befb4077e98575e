using Silo.Insights.Entities;

namespace Silo.Insights.Reports;

/// <summary>Where an account report stands for one entity: running, done with the entity's rows, or ended without them.</summary>
[GenerateSerializer, Immutable, Alias("silo.insights.ReportAnswer")]
public sealed record ReportAnswer([property: Id(0)] ReportStatus Status, [property: Id(1)] IReadOnlyList<InsightRow> Rows,
    [property: Id(2)] string? Error = null, [property: Id(3)] int Percent = 0)
{
    public static ReportAnswer Running(int percent) => new(ReportStatus.Running, [], null, percent);

    public static ReportAnswer Ended(ReportStatus status, string error) => new(status, [], error);
}
