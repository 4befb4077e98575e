using Orleans.Concurrency;

namespace Silo.Insights.Reports;

/// <summary>One async insights report of an ad account at one level for one sync run (key: <see cref="AccountReportKey"/>).</summary>
[Alias("silo.insights.IAccountReportGrain")]
public interface IAccountReportGrain : IGrainWithStringKey
{
    /// <summary>
    /// The entity's rows once the report is done; starts the report on the first call. While it runs,
    /// answers <see cref="ReportStatus.Running"/> after waiting up to a poll interval for it to finish.
    /// </summary>
    [Alias("Fetch"), AlwaysInterleave]
    Task<ReportAnswer> Fetch(string entityId);
}
