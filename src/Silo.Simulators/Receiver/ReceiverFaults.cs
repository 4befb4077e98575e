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

    /// <summary>
    /// Posts to the Slack endpoint answer this Slack incoming-webhook error without recording anything, with Slack's status
    /// for it (<see cref="ReceiverSimulator.SlackStatus"/>): <c>no_service</c>, <c>channel_not_found</c>, <c>invalid_token</c>,
    /// <c>action_prohibited</c>, <c>channel_is_archived</c>, <c>invalid_payload</c>, <c>rollup_error</c>. Null: none.
    /// </summary>
    public string? SlackError { get; set; }

    /// <summary>The next N requests answer 500 without recording anything.</summary>
    public int ServerErrors { get; set; }

    /// <summary>The next N requests are recorded, then their answer is held until the caller gives up (or <see cref="ReceiverSimulator.ReleaseHeld"/>).</summary>
    public int HoldAfterReceiving { get; set; }

    public ReceiverFaults Clone() => (ReceiverFaults)MemberwiseClone();
}
