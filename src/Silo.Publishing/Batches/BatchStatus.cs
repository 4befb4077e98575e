namespace Silo.Publishing.Batches;

/// <summary>A batch's status as stored in <c>publish_batches.status</c> (seed 001, plus <c>cancelled</c>).</summary>
public static class BatchStatus
{
    public const string Processing = "processing";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Processing, Paused, Completed, Failed, Cancelled];

    public static bool IsFinal(string status) => status is Completed or Failed or Cancelled;
}
