namespace Silo.Hosting.Destinations;

/// <summary>
/// What one attempt came to: accepted, or failed with the status (HTTP, or the SMTP reply code) or the reason.
/// <paramref name="Permanent"/>: the far end said trying again will not help (an SMTP 5xx such as an unknown mailbox); the
/// event is still retried, at the longest delay, since a person may fix the cause. <paramref name="PauseNow"/>: the far end said
/// the hook itself is gone (a receiver's 410 Gone, Slack's refusal of a removed webhook or channel): the destination is paused
/// at once by that rule, not after <see cref="DestinationOptions.DisableAfter"/>.
/// </summary>
public sealed record SendResult(bool Delivered, int? StatusCode, string? Error, bool Permanent = false, PauseRule? PauseNow = null);
