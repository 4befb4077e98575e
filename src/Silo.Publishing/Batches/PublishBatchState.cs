namespace Silo.Publishing.Batches;

/// <summary>A publish batch grain's state: its <c>publish_batches</c> row, its clips, and events not yet stored.</summary>
public sealed class PublishBatchState
{
    public string? BatchId { get; set; }
    public string UserId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string Mode { get; set; } = PublishMode.Now;
    public string Status { get; set; } = BatchStatus.Processing;
    public bool StopOnFailure { get; set; }
    public int PublishedClips { get; set; }
    public int FailedClips { get; set; }
    public int CurrentClipIndex { get; set; }
    public DateTimeOffset? ScheduledFor { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public List<ClipState> Clips { get; set; } = [];

    /// <summary>Sequence of the last event stored for this batch.</summary>
    public long LastEventSeq { get; set; }

    /// <summary>Events raised since the last commit; the state store appends them (idempotently, by seq) and NOTIFYs.</summary>
    public List<PublishEvent> NewEvents { get; } = [];

    public bool Exists => BatchId is not null;
    public ClipState? CurrentClip => CurrentClipIndex < Clips.Count ? Clips[CurrentClipIndex] : null;
}
