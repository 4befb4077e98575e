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

/// <summary>What <see cref="IBackfillGrain.Start"/> made of a request.</summary>
[GenerateSerializer, Alias("silo.media.BackfillStartOutcome")]
public enum BackfillStartOutcome
{
    /// <summary>A new run is stored and walks from the newest post.</summary>
    Started,

    /// <summary>A run is running or paused: resume or cancel it first.</summary>
    AlreadyActive,

    /// <summary>The account's walks belong to another tenant: nothing changed.</summary>
    OtherTenant,
}
