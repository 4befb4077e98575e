namespace Silo.Publishing.Batches;

/// <summary>
/// A publish batch grain's state: its <c>publish_batches</c> row, its clips, and events not yet stored.
/// It never crosses the wire: <see cref="PublishBatchStorage"/> keeps it in those tables.
/// </summary>
public sealed class PublishBatchState
{
    public string? BatchId { get; set; }
    public string Tenant { get; set; } = "";
    public string? IdempotencyKey { get; set; }
    /// <summary>What was asked for, reduced to bytes: a repeated Idempotency-Key with other content is told apart by it.</summary>
    public byte[] RequestHash { get; set; } = [];
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
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>When the next step is due while processing: an activation after a crash waits until then, not longer.</summary>
    public DateTimeOffset? NextStepAt { get; set; }
    public List<ClipState> Clips { get; set; } = [];

    /// <summary>Sequence of the last event stored for this batch.</summary>
    public long LastEventSeq { get; set; }

    /// <summary>Events raised since the last write; the storage appends them (idempotently, by seq) in the same transaction and NOTIFYs.</summary>
    public List<PublishEvent> NewEvents { get; } = [];

    public bool Exists => BatchId is not null;
    public ClipState? CurrentClip => CurrentClipIndex < Clips.Count ? Clips[CurrentClipIndex] : null;
}
