namespace Silo.Publishing.Batches;

/// <summary>A clip's status as stored in <c>publish_batch_clips.status</c>.</summary>
public static class ClipStatus
{
    public const string Pending = "pending";
    /// <summary>Committed before the create call: on the next step the clip is looked up, never created blindly.</summary>
    public const string Uploading = "uploading";
    public const string WaitingConfirmation = "waiting_confirmation";
    public const string Published = "published";
    /// <summary>Accepted by Metricool for a future time (scheduled and bestTime modes).</summary>
    public const string Scheduled = "scheduled";
    public const string Failed = "failed";
    /// <summary>Whether Metricool stored it cannot be told; the batch pauses for a person.</summary>
    public const string Unconfirmed = "unconfirmed";
    public const string Skipped = "skipped";
    public const string Cancelled = "cancelled";

    /// <summary>True when the batch moves past this clip.</summary>
    public static bool IsDone(string status) => status is Published or Scheduled or Failed or Skipped or Cancelled;
}
