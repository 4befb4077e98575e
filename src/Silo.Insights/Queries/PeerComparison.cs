namespace Silo.Insights.Queries;

/// <summary>An ad against the other ads of its ad set over the same days; deltas in percent of the peers' value (null without peers).</summary>
public sealed record PeerComparison(int PeersCount, Metrics PeerMetrics, decimal? CtrVsPeersPct, decimal? CpcVsPeersPct, decimal? RoasVsPeersPct);
