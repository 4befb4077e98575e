namespace Silo.Simulators.Smtp;

/// <summary>
/// Faults the SMTP relay simulator injects, switchable in-process or over HTTP (<c>PUT {prefix}/_simulator/faults</c> with
/// this shape as JSON). Counters count down as they fire.
/// </summary>
public sealed class SmtpFaults
{
    /// <summary>Every connection is greeted <c>421 4.3.2</c> and closed, as a relay shutting down or overloaded does.</summary>
    public bool Down { get; set; }

    /// <summary>The next N messages are answered <c>451 4.3.0</c> at the end of their data and not kept (try again later).</summary>
    public int Defer { get; set; }

    /// <summary>Recipients answered <c>550 5.1.1</c> (mailbox unknown) at <c>RCPT TO</c>, for good.</summary>
    public string[] UnknownMailboxes { get; set; } = [];

    /// <summary>The next N messages are kept, then their answer is never sent: the client times out not knowing.</summary>
    public int HangAfterData { get; set; }

    public SmtpFaults Clone() => new()
    {
        Down = Down, Defer = Defer, UnknownMailboxes = [.. UnknownMailboxes], HangAfterData = HangAfterData,
    };
}
