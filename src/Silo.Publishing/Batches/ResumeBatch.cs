namespace Silo.Publishing.Batches;

/// <summary>
/// How a person resumes a paused batch. For an unconfirmed clip, <see cref="Action"/> says what to do:
/// <c>retry</c> looks it up again and creates it only if Metricool does not have it; <c>skip</c> moves on.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.publishing.ResumeBatch")]
public sealed record ResumeBatch([property: Id(0)] string Action = ResumeBatch.Retry)
{
    public const string Retry = "retry";
    public const string Skip = "skip";
}
