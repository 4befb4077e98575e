using System.ComponentModel.DataAnnotations;

namespace Silo.Media.Scrub;

/// <summary>How the integrity scrub re-reads the store. Section <c>Silo:Media:Scrub</c>.</summary>
public sealed class ScrubOptions
{
    public const string Section = "Silo:Media:Scrub";

    /// <summary>The most bytes a node re-reads from the store per second, so a scrub never crowds out archiving. Default 20 MiB/s.</summary>
    [Range(1024, long.MaxValue)] public long BytesPerSecond { get; set; } = 20L * 1024 * 1024;

    /// <summary>Files checked per step; the run's cursor is stored after each step. Default 100.</summary>
    [Range(1, 10_000)] public int FilesPerStep { get; set; } = 100;

    /// <summary>Listed objects looked up in <c>media_files</c> per query (orphan search). Default 500.</summary>
    [Range(1, 10_000)] public int ObjectsPerQuery { get; set; } = 500;

    /// <summary>Time from one run's end to the next run's start; zero: runs only when an operator starts one. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")] public TimeSpan Interval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often a run in progress is looked at by its reminder (the crash backstop). Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
