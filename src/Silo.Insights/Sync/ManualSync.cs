using Silo.Hosting.Notifications;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;
using Silo.Insights.Queries;

namespace Silo.Insights.Sync;

/// <summary>
/// POST /meta/insights/sync-now: stores the run, then asks each entity grain to refresh into it;
/// the run's id is returned only once every grain has persisted its pending refresh. Then it waits
/// on the run's notifications — not a polling loop — until every entity has reported or the wait
/// runs out.
/// </summary>
public sealed class ManualSync(IGrainFactory grains, SyncRunStore runs, NotificationListener notifications, IInsightsSource source)
{
    private static readonly TimeSpan ReReadInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Grains asked at once: enough to keep a cluster busy, few enough not to flood one gateway connection.</summary>
    private const int Concurrency = 256;

    public async Task<Guid> StartAsync(IReadOnlyList<AdEntityRow> targets, string tenant, int daysBack, bool force, CancellationToken cancellationToken)
    {
        var syncId = Guid.NewGuid();
        await runs.CreateManualAsync(syncId, source.Mode, tenant, daysBack, targets.Count, cancellationToken);
        foreach (var chunk in targets.Chunk(Concurrency))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.WhenAll(chunk.Select(entity => grains.Entity(entity.EntityType, entity.EntityId)
                .Refresh(new SyncRequested(syncId, daysBack, force, entity.AccountId, entity.CampaignId, entity.AdSetId))));
        }
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
                // that arrived meanwhile, at most a few times a second. Real time, not Silo's clock:
                // this paces database reads, and a test's frozen clock must not stall it.
                await Task.Delay(ReReadInterval, deadline.Token);
                while (signal.CurrentCount > 0) await signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return await runs.ReportAsync(syncId, null, cancellationToken) ?? report;
            }
        }
    }
}
