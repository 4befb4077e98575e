namespace Silo.Insights.Entities;

/// <summary>A manual sync (sync-now) asks the entity to refresh <paramref name="DaysBack"/> days and report into run <paramref name="SyncId"/>.</summary>
public sealed record SyncRequested(Guid SyncId, int DaysBack, bool Force);
