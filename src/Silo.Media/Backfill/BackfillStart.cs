namespace Silo.Media.Backfill;

/// <summary>
/// Start walking an account's history for <paramref name="Tenant"/>, the posts published from
/// <paramref name="Since"/> to <paramref name="Until"/> (either open), as asked by a key of <paramref name="CallerTenant"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.media.BackfillStart")]
public sealed record BackfillStart(
    [property: Id(0)] string Source,
    [property: Id(1)] string AccountId,
    [property: Id(2)] string Tenant,
    [property: Id(3)] DateTimeOffset? Since,
    [property: Id(4)] DateTimeOffset? Until,
    [property: Id(5)] string CallerTenant);
