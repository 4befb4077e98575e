namespace Silo.Hosting.Destinations;

/// <summary>
/// What one attempt came to: accepted, or failed with the status (HTTP, or the SMTP reply code) or the reason.
/// <paramref name="Permanent"/>: the far end said trying again will not help (an SMTP 5xx such as an unknown mailbox); the
/// event is still retried, at the longest delay, since a person may fix the cause. <paramref name="Gone"/>: a receiver answered
/// 410 Gone (the hook was removed): the destination is paused at once (<see cref="PauseRule.Gone"/>).
/// </summary>
public sealed record SendResult(bool Delivered, int? StatusCode, string? Error, bool Permanent = false, bool Gone = false);
