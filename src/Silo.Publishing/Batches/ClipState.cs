namespace Silo.Publishing.Batches;

/// <summary>One Story clip of a batch: a row of <c>publish_batch_clips</c>.</summary>
public sealed class ClipState
{
    public int Index { get; set; }
    public string Url { get; set; } = "";
    public string Title { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public string Status { get; set; } = ClipStatus.Pending;
    public long? MetricoolPostId { get; set; }
    public string? FacebookPostId { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public int ConfirmationTries { get; set; }
    public int LookupTries { get; set; }
    /// <summary>Set by a person's "retry" on an unconfirmed clip: if the lookup finds nothing, create it.</summary>
    public bool CreateIfMissing { get; set; }
    public DateTimeOffset? ScheduledAt { get; set; }
    public DateTimeOffset? UploadStartedAt { get; set; }
    public DateTimeOffset? UploadedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}
