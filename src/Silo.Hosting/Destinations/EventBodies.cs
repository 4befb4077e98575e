using System.Text.Json;
using System.Text.Json.Nodes;

namespace Silo.Hosting.Destinations;

/// <summary>What a destination receives: the event as JSON for a webhook, a line of text for a Slack-compatible one (an email's text is <see cref="EventEmails"/>).</summary>
public static class EventBodies
{
    /// <summary><c>{"id", "type", "tenant", "subject", "occurredAt", "data"}</c>; the same bytes at every attempt.</summary>
    public static byte[] Webhook(NotificationEvent e) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["id"] = e.Id,
        ["type"] = e.Type,
        ["tenant"] = e.Tenant,
        ["subject"] = e.Subject,
        ["occurredAt"] = e.OccurredAt.ToUniversalTime().ToString("O"),
        ["data"] = JsonNode.Parse(e.Data.GetRawText()),
    });

    /// <summary>Slack's incoming-webhook shape, <c>{"text": …}</c>, which Mattermost, Discord's <c>/slack</c> and Teams' connectors read too.</summary>
    public static byte[] Slack(NotificationEvent e) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["text"] = SlackText(e) });

    public static string SlackText(NotificationEvent e)
    {
        var detail = Detail(e);
        var link = Link(e) is { } url ? $" <{url}|open>" : "";
        return $"Silo ({e.Tenant}) · {What(e)}: {Escape(e.Subject)}{(detail is null ? "" : " — " + Escape(detail))}{link}";
    }

    /// <summary>What happened, in words: "Post ended in error".</summary>
    public static string What(NotificationEvent e) => e.Type switch
    {
        EventTypes.AlertRaised => "Alert raised",
        EventTypes.AlertResolved => "Alert resolved",
        EventTypes.PostError => "Post ended in error",
        EventTypes.BatchFinished => "Batch finished",
        EventTypes.BatchFailed => "Batch failed",
        EventTypes.BatchUnconfirmed => "Batch has an unconfirmed clip",
        EventTypes.BackfillDone => "History walk done",
        EventTypes.BackfillStopped => "History walk stopped",
        EventTypes.CrawlDone => "Patreon crawl done",
        EventTypes.CrawlStopped => "Patreon crawl stopped",
        EventTypes.TokenExpired => "Token expired",
        EventTypes.Test => "Test event",
        _ => e.Type,
    };

    /// <summary>The event's message, error or status, where it has one.</summary>
    public static string? Detail(NotificationEvent e) => Text(e.Data, "message") ?? Text(e.Data, "error") ?? Text(e.Data, "status");

    /// <summary>A link to the post or batch the event is about, where there is one.</summary>
    public static string? Link(NotificationEvent e) => Text(e.Data, "permalink");

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    // Slack reads &, < and > as markup.
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
