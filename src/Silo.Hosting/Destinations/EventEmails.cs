using System.Globalization;
using System.Text;
using MimeKit;

namespace Silo.Hosting.Destinations;

/// <summary>
/// An event as an email a person can read: the subject says what happened and to which tenant, the text adds the detail and
/// a link to the post or batch where there is one. <c>Silo-Event-Id</c> and a Message-ID made of the event and destination
/// ids make a repeated delivery recognisable (mail clients thread or drop a second copy of one Message-ID).
/// </summary>
public static class EventEmails
{
    public static MimeMessage Message(Destination destination, NotificationEvent e, MailboxAddress from, IReadOnlyList<MailboxAddress> to)
    {
        var message = new MimeMessage
        {
            Subject = $"[Silo {e.Tenant}] {EventBodies.What(e)}: {e.Subject}",
            // The event's time, not the attempt's: every attempt sends the same message.
            Date = e.OccurredAt,
            MessageId = $"silo-event-{e.Id.ToString(CultureInfo.InvariantCulture)}.destination-{destination.Id.ToString(CultureInfo.InvariantCulture)}@{Domain(from)}",
            Body = new TextPart("plain") { Text = Text(destination, e) },
        };
        message.From.Add(from);
        message.To.AddRange(to);
        message.Headers.Add(WebhookSignature.EventIdHeader, e.Id.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add(WebhookSignature.EventTypeHeader, e.Type);
        // RFC 3834: an automatic message, which vacation responders must not answer.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }

    public static string Text(Destination destination, NotificationEvent e)
    {
        var text = new StringBuilder()
            .Append(EventBodies.What(e)).Append(": ").AppendLine(e.Subject)
            .AppendLine()
            .Append("Tenant:  ").AppendLine(e.Tenant)
            .Append("When:    ").AppendLine(e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        if (EventBodies.Detail(e) is { } detail) text.Append("Detail:  ").AppendLine(detail);
        if (EventBodies.Link(e) is { } link) text.Append("Open:    ").AppendLine(link);
        return text.Append("Event:   ").Append(e.Id.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(e.Type).AppendLine(")")
            .AppendLine()
            .Append("Sent by Silo to the notification destination \"").Append(destination.Name).Append("\" of tenant ")
            .Append(destination.Tenant).AppendLine(", which a manager can change on the dashboard's Notifications page.")
            .ToString();
    }

    private static string Domain(MailboxAddress from) => from.Address[(from.Address.LastIndexOf('@') + 1)..];
}
