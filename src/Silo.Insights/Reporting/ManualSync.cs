using Npgsql;
using Silo.Insights.Entities;
using Silo.Insights.Meta;
using Silo.Insights.Storage;
using Silo.Hosting.Inbox;
using Silo.Hosting.Notifications;

namespace Silo.Insights.Reporting;

/// <summary>
/// POST /meta/insights/sync-now: stores the run and one <see cref="SyncRequested"/> per entity in one
/// transaction (nothing half-started), then waits on the run's notifications — not a polling loop —
/// until every entity has reported or the wait runs out.
/// </summary>
public sealed class ManualSync(NpgsqlDataSource database, IClusterClient cluster, SyncRunStore runs, NotificationListener notifications,
    IInsightsSource source, TimeProvider time)
{
    private static readonly TimeSpan ReReadInterval = TimeSpan.FromMilliseconds(100);

    public async Task<Guid> StartAsync(IReadOnlyList<AdEntityRow> targets, string tenant, int daysBack, bool force, CancellationToken cancellationToken)
    {
        var syncId = Guid.NewGuid();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SyncRunStore.CreateManualAsync(connection, transaction, syncId, source.Mode, tenant, daysBack, targets.Count, cancellationToken);
        foreach (var entity in targets)
            await cluster.SendAsync(connection, transaction, InsightsGrains.Entity(entity.EntityType, entity.EntityId),
                new SyncRequested(syncId, daysBack, force, entity.AccountId, entity.CampaignId, entity.AdSetId), $"sync:{syncId}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return syncId;
    }

    /// <summary>The run's report once complete, or as it stands when <paramref name="wait"/> runs out.</summary>
    public async Task<SyncReport> WaitAsync(Guid syncId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var signal = new SemaphoreSlim(0);
        var id = syncId.ToString();
        // A null payload means the listener reconnected and may have missed ours: re-read too.
        using var subscription = notifications.Subscribe(SyncRunStore.Channel, payload =>
        {
            if (payload is null || payload == id) signal.Release();
        });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        while (true)
        {
            var report = await runs.ReportAsync(syncId, null, cancellationToken) ?? throw new InvalidOperationException($"Sync run {syncId} vanished.");
            if (report.Status == "completed") return report;
            try
            {
                await signal.WaitAsync(deadline.Token);
                // Hundreds of entities report within milliseconds: one re-read covers every notice
                // that arrived meanwhile, at most a few times a second.
                await Task.Delay(ReReadInterval, time, deadline.Token);
                while (signal.CurrentCount > 0) await signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return await runs.ReportAsync(syncId, null, cancellationToken) ?? report;
            }
        }
    }
}
