namespace Silo.Insights.Sync;

/// <summary>
/// A manual sync (sync-now) asks the entity to refresh <paramref name="DaysBack"/> days and report into
/// run <paramref name="SyncId"/>. It carries the entity's place in the hierarchy, read from
/// <c>ad_entities</c>, so it works even when it arrives before the discovery notice.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.insights.SyncRequested")]
public sealed record SyncRequested([property: Id(0)] Guid SyncId, [property: Id(1)] int DaysBack, [property: Id(2)] bool Force,
    [property: Id(3)] string AccountId, [property: Id(4)] string CampaignId, [property: Id(5)] string? AdSetId);
