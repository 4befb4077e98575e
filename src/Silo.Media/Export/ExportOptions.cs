using System.ComponentModel.DataAnnotations;

namespace Silo.Media.Export;

/// <summary>How archive exports are written. Section <c>Silo:Media:Export</c>.</summary>
public sealed class ExportOptions
{
    public const string Section = "Silo:Media:Export";

    /// <summary>Posts written per segment (one step, one stored tar object); a node that dies mid-segment redoes only it. Default 100.</summary>
    [Range(1, 10_000)] public int PostsPerSegment { get; set; } = 100;

    /// <summary>How often a running export is looked at by its reminder, the crash backstop (raised to the cluster's minimum). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failures in a row (database or store not answering) before the export is marked failed. Default 5.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 5;

    /// <summary>First wait after a failure, doubling on each in a row. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an export's archive is kept in the store after it ended (done, failed or cancelled); then its parts are deleted
    /// and its status becomes <c>expired</c>, within a <c>Silo:Deletion:SweepPeriod</c>. Default 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")] public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan RetryWait(int failuresInRow) => RetryDelay * Math.Pow(2, Math.Min(failuresInRow - 1, 10));
}
