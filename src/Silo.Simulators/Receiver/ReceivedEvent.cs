namespace Silo.Simulators.Receiver;

/// <summary>
/// One request the receiver accepted: for a webhook, the event id and type from its headers and whether its signature
/// matched the receiver's secret; for a Slack-compatible post, its <c>text</c>.
/// </summary>
public sealed record ReceivedEvent(string Path, string? EventId, string? EventType, string? Timestamp, bool SignatureValid, string Body, string? Text);
