using System.ComponentModel.DataAnnotations;

namespace Silo.Media.Intake;

/// <summary>The post intake: its writer's group commit and its shards' pickup. Section <c>Silo:Media:Intake</c>; every value has a working default.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Silo:Media:Intake";

    /// <summary>
    /// Shard grains that pick the intake up (keys 0 … Shards − 1); a post always hashes to the same one. Default 8. Rows
    /// of shards beyond a lowered count are moved to the remaining ones when a silo starts.
    /// </summary>
    [Range(1, 1024)] public int Shards { get; set; } = 8;

    /// <summary>Most rows one commit of the writer inserts; a delivery's rows are never split across commits. Default 2,000.</summary>
    [Range(1, 100_000)] public int MaxRowsPerCommit { get; set; } = 2_000;

    /// <summary>Deliveries that may wait for the writer's next commit; more wait to be queued (back-pressure). Default 10,000.</summary>
    [Range(1, 1_000_000)] public int MaxWaitingDeliveries { get; set; } = 10_000;

    /// <summary>Rows a shard reads, hands on and deletes at a time. Default 200.</summary>
    [Range(1, 10_000)] public int PickupBatchSize { get; set; } = 200;

    /// <summary>Posts a shard hands to their grains at once (one post's rows always one after another). Default 32.</summary>
    [Range(1, 1_000)] public int PickupConcurrency { get; set; } = 32;

    /// <summary>
    /// Period of each shard's reminder, the backstop for rows whose writer died before it nudged the shard, and for
    /// retries. At least <c>Silo:Cluster:MinimumReminderPeriod</c>. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before a row whose hand-over failed is tried again; doubled each time. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between tries of one row. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")] public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tries before a row is parked (kept, with an alert, no longer blocking its post's later rows). Default 20.</summary>
    [Range(1, 1_000)] public int MaxAttempts { get; set; } = 20;
}
