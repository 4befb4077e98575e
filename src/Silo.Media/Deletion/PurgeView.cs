namespace Silo.Media.Deletion;

/// <summary>A purge as users see it: whose posts, of which source (null: every source), who started it, how many went, whether it runs, is done or was cancelled.</summary>
[GenerateSerializer, Alias("silo.media.PurgeView")]
public sealed record PurgeView(
    [property: Id(0)] string Tenant, [property: Id(1)] string? Source, [property: Id(2)] string Actor, [property: Id(3)] string Status,
    [property: Id(4)] int Deleted, [property: Id(5)] DateTimeOffset StartedAt, [property: Id(6)] DateTimeOffset? FinishedAt);
