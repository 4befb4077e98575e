namespace Silo.Publishing.Metricool;

/// <summary>What a create call achieved. Only <see cref="Unknown"/> leaves the post's existence in doubt.</summary>
public abstract record CreatePostOutcome
{
    private CreatePostOutcome() { }

    /// <summary>Metricool answered with the post it stored.</summary>
    public sealed record Created(ScheduledPost Post) : CreatePostOutcome;

    /// <summary>Metricool refused the post (4xx): nothing was stored. <paramref name="RetryLater"/> for 429.</summary>
    public sealed record Rejected(string Error, bool RetryLater, TimeSpan? RetryAfter = null) : CreatePostOutcome;

    /// <summary>No usable answer (timeout, 5xx, connection lost): the post may or may not exist.</summary>
    public sealed record Unknown(string Reason) : CreatePostOutcome;
}
