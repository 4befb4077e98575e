namespace Silo.Insights.Entities;

/// <summary>
/// A manual sync (sync-now) asks the entity to refresh <paramref name="DaysBack"/> days and report into
/// run <paramref name="SyncId"/>. It carries the entity's place in the hierarchy, read from
/// <c>ad_entities</c>, so it works even when it arrives before the discovery notice.
/// </summary>
public sealed record SyncRequested(Guid SyncId, int DaysBack, bool Force, string AccountId, string CampaignId, string? AdSetId);
