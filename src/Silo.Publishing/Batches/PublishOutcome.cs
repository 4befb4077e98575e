namespace Silo.Publishing.Batches;

/// <summary>The outcome of storing a publish request.</summary>
/// <param name="BatchId">The new batch, or the one an earlier request with the same Idempotency-Key made.</param>
/// <param name="Created">False when an earlier request with the same key had already stored the batch.</param>
/// <param name="KeyReused">True when that earlier request was a different one: nothing is stored or returned as success.</param>
/// <param name="NotOwned">True when the Metricool blog is not the tenant's (<c>Silo:Tenants:&lt;tenant&gt;:MetricoolBlogs</c>): nothing is stored.</param>
/// <param name="OverDailyLimit">Why the batch would pass the account's daily post limit, when it would: nothing is stored.</param>
/// <param name="Status">The batch's status when answered: <c>processing</c> for a new one, where it stands now for a repeat.</param>
[GenerateSerializer, Immutable, Alias("silo.publishing.PublishOutcome")]
public sealed record PublishOutcome([property: Id(0)] string BatchId, [property: Id(1)] bool Created, [property: Id(2)] bool KeyReused,
    [property: Id(3)] bool NotOwned = false, [property: Id(4)] string? OverDailyLimit = null,
    [property: Id(5)] string Status = BatchStatus.Processing);
