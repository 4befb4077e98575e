namespace Silo.Hosting.Destinations;

/// <summary>
/// When a failing destination is paused, and what its delivery log (<see cref="Why"/>) and its alert (<see cref="Since"/>,
/// "paused: {Since} since {time}") then say.
/// </summary>
public sealed record PauseRule(TimeSpan After, string Why, string Since)
{
    /// <summary>Failing without a break for <paramref name="after"/>, as webhook providers disable an endpoint that keeps failing.</summary>
    public static PauseRule FailingFor(TimeSpan after) => new(after, "failing without a break for too long", "failing");

    /// <summary>
    /// A receiver answering 410 Gone says the hook was removed: retrying cannot help, so the destination is paused at once
    /// rather than after days of tries, and a manager resumes it once the hook exists again.
    /// </summary>
    public static readonly PauseRule Gone = new(TimeSpan.Zero, "the receiver answered 410 Gone: the hook no longer exists", "answering 410 Gone");

    /// <summary>
    /// Slack refusing an incoming webhook with 403, 404 or 410 (<c>no_service</c>, <c>channel_not_found</c>,
    /// <c>invalid_token</c>, <c>action_prohibited</c>, <c>channel_is_archived</c>, …) says the webhook, its channel or its
    /// workspace no longer takes posts: no retry changes that, so it is paused at once, naming Slack's error.
    /// </summary>
    public static PauseRule SlackRefused(int status, string error) =>
        new(TimeSpan.Zero, $"Slack refused the webhook ({status} {error}): it was removed, or its channel or workspace no longer takes posts",
            $"Slack answering {status} {error}");
}
