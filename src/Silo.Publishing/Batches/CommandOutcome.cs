namespace Silo.Publishing.Batches;

/// <summary>
/// What a pause, resume or cancel did: <see cref="Applied"/> once the change is stored, or false when
/// the batch's <see cref="Status"/> does not allow it (or <see cref="Status"/> is null: no such batch).
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.publishing.CommandOutcome")]
public sealed record CommandOutcome([property: Id(0)] bool Applied, [property: Id(1)] string? Status);
