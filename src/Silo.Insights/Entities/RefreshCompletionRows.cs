using Npgsql;
using Silo.Insights.Alerts;
using Silo.Insights.Sync;

namespace Silo.Insights.Entities;

/// <summary>
/// A <see cref="RefreshCompletion"/> in its entity grain's write: the rows (upserted), the entity's outcome in each run
/// the refresh reports into with the notification that wakes a waiting sync-now (delivered on commit), and the alert the
/// grain raised.
/// </summary>
internal static class RefreshCompletionRows
{
    public static IEnumerable<NpgsqlBatchCommand> Commands(string entityId, RefreshCompletion done)
    {
        // With rows, one statement stores them and counts them into each outcome.
        if (done.Rows.Count > 0)
            yield return InsightRowWriter.CommandWithOutcomes(done.Rows, done.SyncIds, entityId, done.EntityType, done.Error);
        else
            foreach (var syncId in done.SyncIds)
                yield return SyncRunStore.EntityOutcome(syncId, entityId, done.EntityType, done.Error, 0);
        foreach (var syncId in done.SyncIds)
            yield return SyncRunStore.Notify(syncId);
        if (done.Alert is { } alert)
            yield return InsightsAlertSql.Open(alert);
    }
}
