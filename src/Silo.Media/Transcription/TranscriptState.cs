namespace Silo.Media.Transcription;

/// <summary>A transcript grain's state: its <c>transcripts</c> row, stored only by <see cref="TranscriptStorage"/>.</summary>
public sealed class TranscriptState
{
    public bool Exists { get; set; }
    public string StorageKey { get; set; } = "";
    public string MimeType { get; set; } = "";
    public long Size { get; set; }
    public double? DurationSeconds { get; set; }
    public bool HasSound { get; set; }
    public string Status { get; set; } = TranscriptStatus.Pending;
    /// <summary>Failed calls since the last one that succeeded; the file fails for good at <c>MaxAttempts</c>.</summary>
    public int FailuresInRow { get; set; }
    /// <summary>Calls made to the API for this file, answered or not.</summary>
    public int Calls { get; set; }
    public string? ErrorType { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? NextRetryAt { get; set; }
    /// <summary>How the file was cut (<see cref="UploadPlan.Name"/>); <see cref="Parts"/> belong to that cut.</summary>
    public string? Plan { get; set; }
    public List<TranscriptPart> Parts { get; set; } = [];
    public string? Model { get; set; }
    public string? Language { get; set; }
    public string? Text { get; set; }
    public string? TextKey { get; set; }
    public string? TextUrl { get; set; }
    public string? VttKey { get; set; }
    public string? VttUrl { get; set; }
    /// <summary>The store the text and WebVTT files are in (<c>filesystem</c>, <c>s3</c>, <c>azure</c>), for the storage figures.</summary>
    public string? Backend { get; set; }
    public long? TextBytes { get; set; }
    public long? VttBytes { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
