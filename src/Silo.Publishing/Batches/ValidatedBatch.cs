namespace Silo.Publishing.Batches;

/// <summary>A publish request that passed validation, with each clip's publication time decided where the mode fixes it.</summary>
public sealed record ValidatedBatch(
    string AccountId,
    string UserId,
    string Mode,
    DateTimeOffset? ScheduledFor,
    bool StopOnFailure,
    IReadOnlyList<(string Url, string Title, DateTimeOffset? ScheduledAt)> Clips);
