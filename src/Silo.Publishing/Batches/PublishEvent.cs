namespace Silo.Publishing.Batches;

/// <summary>
/// One state change of a batch (<c>type</c> = <c>batch</c>) or of one of its clips (<c>clip</c>), as
/// stored in <c>publish_batch_events</c> and sent on the SSE stream with <c>id</c> = <see cref="Seq"/>.
/// </summary>
public sealed record PublishEvent(
    long Seq,
    string Type,
    string BatchId,
    string Status,
    int? ClipIndex,
    long? MetricoolPostId,
    string? FacebookPostId,
    string? Error,
    int TotalClips,
    int PublishedClips,
    int FailedClips,
    int CurrentClipIndex,
    DateTimeOffset At)
{
    public const string BatchType = "batch";
    public const string ClipType = "clip";

    /// <summary>True for the event after which a batch's stream ends.</summary>
    public bool EndsStream => Type == BatchType && BatchStatus.IsFinal(Status);
}
