namespace Silo.Hosting.Destinations;

/// <summary>
/// A destination's row: where it is, what it hears, and where its delivery stands (the last event delivered, the failed
/// attempts at the next one, when that is tried again, since when it has been failing without a break, and when it was
/// paused for failing too long). The secret is never part of what the API shows.
/// <paramref name="DeliveredThroughTransaction"/> is the last delivered event's transaction id: with
/// <paramref name="DeliveredThrough"/>, the cursor's place in the outbox's order.
/// </summary>
public sealed record Destination(long Id, string Tenant, string Name, string Kind, string Url, string? Secret,
    IReadOnlyList<string> EventTypes, long DeliveredThrough, int Attempts, DateTimeOffset? NextTryAt, DateTimeOffset CreatedAt,
    ulong DeliveredThroughTransaction, DateTimeOffset? FailingSince = null, DateTimeOffset? PausedAt = null);
