namespace Silo.Media.Backfill;

/// <summary>Where a walk stands (backfills.status).</summary>
public static class BackfillStatus
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Whether a new run may start: the last one has ended, however it ended.</summary>
    public static bool IsOver(string status) => status is Done or Failed or Cancelled;
}
