namespace Silo.Publishing.Batches;

/// <summary>
/// A person resumed a paused batch. For an unconfirmed clip, <see cref="Action"/> says what to do:
/// <c>retry</c> looks it up again and creates it only if Metricool does not have it; <c>skip</c> moves on.
/// </summary>
public sealed record ResumeRequested(string Action = ResumeRequested.Retry)
{
    public const string Retry = "retry";
    public const string Skip = "skip";
}
