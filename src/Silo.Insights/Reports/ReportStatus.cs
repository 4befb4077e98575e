namespace Silo.Insights.Reports;

/// <summary>How an account report stands: <see cref="RateLimited"/> and <see cref="TokenExpired"/> end it like <see cref="Failed"/>, with their own alert.</summary>
[GenerateSerializer, Alias("silo.insights.ReportStatus")]
public enum ReportStatus
{
    Running,
    Completed,
    Failed,
    RateLimited,
    TokenExpired,
}
