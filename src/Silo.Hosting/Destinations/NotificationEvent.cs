using System.Text.Json;

namespace Silo.Hosting.Destinations;

/// <summary>
/// One row of the outbox: what happened, to whom (the tenant), and its details as the trigger recorded them;
/// <paramref name="Transaction"/> is its writer's transaction id, the first half of its place in the order.
/// </summary>
public sealed record NotificationEvent(long Id, string Tenant, string Type, string Subject, JsonElement Data, DateTimeOffset OccurredAt,
    ulong Transaction);

/// <summary>What a destination's look at the outbox found: the event to deliver, or that one waits on a running transaction.</summary>
public readonly record struct NextEvent(NotificationEvent? Event, bool HeldBack);
