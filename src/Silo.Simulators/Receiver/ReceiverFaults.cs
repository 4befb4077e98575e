namespace Silo.Simulators.Receiver;

/// <summary>
/// Faults the notification receiver injects, switchable in-process or over HTTP (<c>PUT {prefix}/_simulator/faults</c> with
/// this shape as JSON). Counters count down as they fire.
/// </summary>
public sealed class ReceiverFaults
{
    /// <summary>Every request answers 503 without recording anything: the receiver is down.</summary>
    public bool Down { get; set; }

    /// <summary>Every request answers 410 Gone without recording anything: the hook was removed.</summary>
    public bool Gone { get; set; }

    /// <summary>The next N requests answer 500 without recording anything.</summary>
    public int ServerErrors { get; set; }

    /// <summary>The next N requests are recorded, then their answer is held until the caller gives up (or <see cref="ReceiverSimulator.ReleaseHeld"/>).</summary>
    public int HoldAfterReceiving { get; set; }

    public ReceiverFaults Clone() => (ReceiverFaults)MemberwiseClone();
}
