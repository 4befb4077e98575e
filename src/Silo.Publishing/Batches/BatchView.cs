namespace Silo.Publishing.Batches;

/// <summary>A batch as the status and list APIs show it; <see cref="Clips"/> only on the status route.</summary>
public sealed record BatchView(
    string BatchId, string UserId, string AccountId, string PublishMode, string Status, bool StopOnFailure,
    int TotalClips, int PublishedClips, int FailedClips, int CurrentClipIndex, DateTimeOffset? ScheduledFor, string? ErrorMsg,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, IReadOnlyList<ClipView>? Clips);

/// <summary>A clip as the status API shows it (seed 001's fields).</summary>
public sealed record ClipView(
    int ClipIndex, string ClipUrl, string ClipTitle, string Status, long? MetricoolPostId, string? FacebookPostId, string? ErrorMsg,
    int Attempts, DateTimeOffset? ScheduledAt, DateTimeOffset? UploadedAt, DateTimeOffset? PublishedAt);

/// <summary>One page of batches.</summary>
public sealed record BatchPage(IReadOnlyList<BatchView> Items, int Page, int PageSize, long Total);
