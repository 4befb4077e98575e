namespace Silo.Hosting.Destinations;

/// <summary>One line of a destination's delivery log.</summary>
public sealed record DeliveryAttempt(long Id, long EventId, string EventType, int Attempt, DateTimeOffset AttemptedAt, string Outcome,
    int? StatusCode, string? Error, DateTimeOffset? NextTryAt);
