using System.Text.Json;

namespace Silo.Hosting.Destinations;

/// <summary>One row of the outbox: what happened, to whom (the tenant), and its details as the trigger recorded them.</summary>
public sealed record NotificationEvent(long Id, string Tenant, string Type, string Subject, JsonElement Data, DateTimeOffset OccurredAt);
