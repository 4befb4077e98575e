using Silo.Insights.Alerts;

namespace Silo.Insights.Entities;

/// <summary>
/// The end of one refresh, stored in the same transaction as the entity's row: its rows (upserted),
/// its outcome in each waiting sync run and, when it calls for one, an alert of its account.
/// </summary>
public sealed record RefreshCompletion(string EntityType, IReadOnlyList<Guid> SyncIds, IReadOnlyList<InsightRow> Rows, string? Error, InsightsAlertRaise? Alert);
