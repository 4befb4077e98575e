namespace Silo.Media.Transcription.Backfill;

/// <summary>Where a transcript backfill stands (transcript_backfills.status).</summary>
public static class TranscriptBackfillStatus
{
    /// <summary>Handing files on; the last of them may still be transcribing when it is <see cref="Done"/>.</summary>
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
