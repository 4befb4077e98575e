using Silo.Insights.Accounts;
using Silo.Insights.Creatives;
using Silo.Insights.Entities;
using Silo.Insights.Reports;
namespace Silo.Insights.Meta;

/// <summary>Where an account's entities and their daily insights come from (stub generator or Graph API).</summary>
public interface IInsightsSource
{
    string Mode { get; }

    /// <summary>The account's campaigns, ad sets and ads, whatever their status.</summary>
    Task<IReadOnlyList<DiscoveredEntity>> DiscoverAsync(AdAccount account, CancellationToken cancellationToken);

    /// <summary>Asks for <paramref name="entity"/>'s daily rows over <paramref name="window"/>: done at once, or a report job to poll.</summary>
    Task<ReportProgress> StartReportAsync(AdAccount account, AdEntityRef entity, DateWindow window, CancellationToken cancellationToken);

    /// <summary>The creative <paramref name="adId"/> shows now, with fresh links to its media; null when it has none.</summary>
    Task<AdCreative?> ReadCreativeAsync(AdAccount account, string adId, CancellationToken cancellationToken);

    /// <summary>Polls a report job started by <see cref="StartReportAsync"/>.</summary>
    Task<ReportProgress> PollReportAsync(AdAccount account, AdEntityRef entity, string reportRunId, CancellationToken cancellationToken);
}
