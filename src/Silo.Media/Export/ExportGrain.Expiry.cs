using Silo.Hosting.Tenants;

namespace Silo.Media.Export;

/// <summary>The archive's end of life: its parts deleted from the store, the export kept in the list as expired.</summary>
public sealed partial class ExportGrain
{
    public async Task<bool> Delete(string callerTenant)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant)) return false;
        if (State.Status == ExportStatus.Expired) return true;
        if (State.Status == ExportStatus.Running)
        {
            // Stopped and stored before any part goes: a crash among the deletions leaves an ended export, which the
            // sweep expires later, never a running one writing segments beside deleted ones.
            (State.Status, State.FinishedAt, State.NotBefore) = (ExportStatus.Cancelled, time.GetUtcNow(), null);
            await Work.SaveAsync();
            await Work.StopAsync();
        }
        // One segment past the checkpoint too: a step that stored it may have died before recording it. Parts already gone
        // (a deletion repeated after a crash) are no error.
        for (var n = 1; n <= State.Segments + 1; n++)
        {
            await store.DeleteAsync(ExportIds.SegmentKey(Key, n), CancellationToken.None);
            await store.DeleteAsync(ExportIds.SumsKey(Key, n), CancellationToken.None);
        }
        await store.DeleteAsync(ExportIds.EndKey(Key), CancellationToken.None);
        (State.Status, State.ExpiredAt) = (ExportStatus.Expired, time.GetUtcNow());
        await Work.SaveAsync();
        LogExpired(logger, Key, State.Tenant, State.Segments);
        return true;
    }
}
