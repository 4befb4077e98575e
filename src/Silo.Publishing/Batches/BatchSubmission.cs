namespace Silo.Publishing.Batches;

/// <summary>A validated publish request with who sent it and the Idempotency-Key it carried, if any.</summary>
[GenerateSerializer, Immutable, Alias("silo.publishing.BatchSubmission")]
public sealed record BatchSubmission(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string? IdempotencyKey,
    [property: Id(2)] ValidatedBatch Batch);
