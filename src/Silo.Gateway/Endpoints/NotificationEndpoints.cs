using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Silo.Gateway.Auth;
using Silo.Hosting.Destinations;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// Notification destinations (issue 21): a signed webhook, a Slack-compatible incoming webhook or email addresses (when an
/// SMTP relay is configured) subscribed to events of the key's tenant (a tenant-<c>*</c> key's destinations hear every tenant). Another tenant's destination reads as absent.
/// </summary>
public static class NotificationEndpoints
{
    private const int MaxLog = 200;

    public static RouteGroupBuilder MapNotificationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications");
        var read = group.Needing(Permissions.AnalyticsRead);
        var manage = group.Needing(Permissions.Manager);
        read.MapGet("/event-types", () => TypedResults.Ok(EventTypes.All)).WithName("ListNotificationEventTypes")
            .WithSummary("The events a destination can subscribe to");
        read.MapGet("/destination-kinds", Kinds).WithName("ListNotificationDestinationKinds")
            .WithSummary("The kinds of destination and whether this installation can deliver each (email needs an SMTP relay)");
        read.MapGet("/destinations", List).WithName("ListNotificationDestinations")
            .WithSummary("The tenant's destinations and where each one's delivery stands");
        manage.MapPost("/destinations", Create).WithName("CreateNotificationDestination")
            .WithSummary("Subscribe a webhook or Slack URL, or email addresses, to events; a webhook's signing secret is shown once, here");
        read.MapGet("/destinations/{id:long}", Get).WithName("GetNotificationDestination")
            .WithSummary("A destination with its delivery log (last attempts, status, next try)");
        manage.MapDelete("/destinations/{id:long}", Delete).WithName("DeleteNotificationDestination")
            .WithSummary("Stop and forget a destination");
        manage.MapPost("/destinations/{id:long}/resume", Resume).WithName("ResumeNotificationDestination")
            .WithSummary("Resume a destination paused for failing too long: what waited is delivered, in order");
        manage.MapPost("/destinations/{id:long}/test", SendTest).WithName("SendNotificationTestEvent")
            .WithSummary("Queue a test event for this destination only, behind what it has not delivered yet");
        return group;
    }

    /// <summary>
    /// A new destination: <c>kind</c> <c>webhook</c> (default) or <c>slack</c> with a <c>url</c>, or <c>email</c> with
    /// <c>addresses</c>; <c>events</c> from <c>/api/notifications/event-types</c>.
    /// </summary>
    public sealed record DestinationRequest(string? Name, string? Kind, string? Url, IReadOnlyList<string>? Addresses, IReadOnlyList<string>? Events);

    /// <summary>A kind of destination, and why this installation cannot deliver it when it cannot.</summary>
    public sealed record DestinationKind(string Kind, bool Available, string? Reason);

    /// <summary>A destination as the API shows it (never its secret).</summary>
    public sealed record DestinationView(long Id, string Tenant, string Name, string Kind, string Url, IReadOnlyList<string> Events,
        long DeliveredThrough, int FailedAttempts, DateTimeOffset? NextTryAt, DateTimeOffset CreatedAt, DateTimeOffset? FailingSince,
        DateTimeOffset? PausedAt)
    {
        public static DestinationView Of(Destination d) =>
            new(d.Id, d.Tenant, d.Name, d.Kind, d.Url, d.EventTypes, d.DeliveredThrough, d.Attempts, d.NextTryAt, d.CreatedAt, d.FailingSince, d.PausedAt);
    }

    /// <summary>The answer to a creation: the destination, and a webhook's secret (shown this once).</summary>
    public sealed record CreatedDestination(DestinationView Destination, string? Secret);

    /// <summary>A destination and its newest attempts, newest first.</summary>
    public sealed record DestinationDetail(DestinationView Destination, IReadOnlyList<DeliveryAttempt> Deliveries);

    /// <summary>The queued test event.</summary>
    public sealed record TestEventQueued(long EventId);

    private static Ok<IReadOnlyList<DestinationKind>> Kinds(EmailSender email) => TypedResults.Ok<IReadOnlyList<DestinationKind>>(
        [.. DestinationKinds.All.Select(k => k == DestinationKinds.Email && !email.Configured ? new DestinationKind(k, false, NoRelay) : new DestinationKind(k, true, null))]);

    private const string NoRelay = $"No SMTP relay is configured: the operator sets {SmtpRelayOptions.Section}:{nameof(SmtpRelayOptions.Host)} (and From) to send email.";

    private static async Task<Ok<IReadOnlyList<DestinationView>>> List(DestinationStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DestinationView>>([.. (await store.ListAsync(Scope(user), cancellationToken)).Select(DestinationView.Of)]);

    private static async Task<Results<Created<CreatedDestination>, ValidationProblem, ProblemHttpResult>> Create([FromBody] DestinationRequest? request,
        DestinationStore store, DestinationAddress address, EmailSender email, IGrainFactory grains, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request?.Name?.Trim() ?? "";
        var kind = request?.Kind ?? DestinationKinds.Webhook;
        var events = request?.Events?.Distinct(StringComparer.Ordinal).ToArray() ?? [];
        string? url = null;
        if (name.Length is < 1 or > 100) errors["name"] = ["is required, at most 100 characters."];
        if (!DestinationKinds.All.Contains(kind)) errors["kind"] = [$"must be one of {string.Join(", ", DestinationKinds.All)}."];
        else if (kind == DestinationKinds.Email)
        {
            if (!email.Configured)
                return TypedResults.Problem(NoRelay, statusCode: StatusCodes.Status409Conflict, title: "Email is not available");
            var (mailTo, refusal) = EmailAddresses.ToMailTo(request?.Addresses);
            if (refusal is not null) errors["addresses"] = [refusal];
            url = mailTo;
        }
        else if (string.IsNullOrWhiteSpace(request?.Url) || request.Url.Length > 2000) errors["url"] = ["is required, at most 2000 characters."];
        else if (address.Refusal(request.Url) is { } refusal) errors["url"] = [refusal];
        else url = request.Url;
        if (events.Length == 0) errors["events"] = ["name at least one event type."];
        else if (events.Where(e => !EventTypes.All.Contains(e)).ToArray() is { Length: > 0 } unknown)
            errors["events"] = [$"unknown: {string.Join(", ", unknown)}; see /api/notifications/event-types."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var secret = kind == DestinationKinds.Webhook ? WebhookSignature.NewSecret() : null;
        var destination = await store.CreateAsync(user.Tenant(), name, kind, url!, secret, events, cancellationToken);
        // Its reminder starts with its first activation.
        await grains.GetGrain<IDestinationGrain>(destination.Id).Wake();
        return TypedResults.Created($"/api/notifications/destinations/{destination.Id}", new CreatedDestination(DestinationView.Of(destination), secret));
    }

    private static async Task<Results<Ok<DestinationDetail>, ValidationProblem, ProblemHttpResult>> Get(long id, int? limit, DestinationStore store,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLog) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"must be between 1 and {MaxLog}."] });
        if (await store.FindAsync(id, Scope(user), cancellationToken) is not { } destination) return NotFound(id);
        return TypedResults.Ok(new DestinationDetail(DestinationView.Of(destination), await store.DeliveriesAsync(id, limit ?? 20, cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, DestinationStore store, IGrainFactory grains,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, Scope(user), cancellationToken)) return NotFound(id);
        // It finds its row gone and drops its reminder.
        await grains.GetGrain<IDestinationGrain>(id).Wake();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Accepted<TestEventQueued>, ProblemHttpResult>> SendTest(long id, DestinationStore store, IGrainFactory grains,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, Scope(user), cancellationToken) is null) return NotFound(id);
        var eventId = await store.AddTestEventAsync(id, cancellationToken);
        return TypedResults.Accepted($"/api/notifications/destinations/{id}", new TestEventQueued(eventId));
    }

    private static async Task<Results<Ok<DestinationView>, ProblemHttpResult>> Resume(long id, DestinationStore store, IGrainFactory grains,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!await store.ResumeAsync(id, Scope(user), cancellationToken)) return NotFound(id);
        await grains.GetGrain<IDestinationGrain>(id).Wake();
        // Deleted meanwhile: as absent as before.
        return await store.FindAsync(id, Scope(user), cancellationToken) is { } resumed ? TypedResults.Ok(DestinationView.Of(resumed)) : NotFound(id);
    }

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem($"No notification destination {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static string? Scope(ClaimsPrincipal user) => user.Tenant() is "*" ? null : user.Tenant();
}
