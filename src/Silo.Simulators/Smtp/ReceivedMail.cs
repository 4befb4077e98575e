namespace Silo.Simulators.Smtp;

/// <summary>
/// One message the relay accepted: the envelope (<c>MAIL FROM</c>, <c>RCPT TO</c>, the user that authenticated), the headers
/// a test reads (<c>Message-ID</c>, <c>Silo-Event-Id</c>, <c>Subject</c>), its plain text, and the raw message as sent.
/// </summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string? User, string? MessageId, string? EventId, string? Subject,
    string? Text, string Raw);
