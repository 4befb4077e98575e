using System.ComponentModel.DataAnnotations;

namespace Silo.Publishing.Batches;

/// <summary>How publish batches run. Section <c>Silo:Publishing</c>; every value has a working default.</summary>
public sealed class PublishingOptions
{
    public const string Section = "Silo:Publishing";

    /// <summary>How often a published clip's confirmation is checked (seed 001: every 2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")] public TimeSpan ConfirmationPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks before an unconfirmed clip is marked failed (seed 001: 60, two minutes).</summary>
    [Range(1, 10_000)] public int ConfirmationMaxTries { get; set; } = 60;

    /// <summary>Most clips one batch may hold. Default 50.</summary>
    [Range(1, 1000)] public int MaxClipsPerBatch { get; set; } = 50;

    /// <summary>
    /// Most posts (Stories included) one Metricool account may have published or scheduled in any 24 hours; a batch that
    /// would pass it is refused (409) naming the count. Default 100, Instagram's documented content publishing limit per
    /// account; 0 checks nothing.
    /// </summary>
    [Range(0, 10_000)] public int DailyPostLimit { get; set; } = 100;

    /// <summary>In scheduled mode, clip N goes out this long after clip N-1, so Metricool keeps their order. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan ScheduledClipSpacing { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Lookups of a clip whose create call had no clear answer before it is declared unconfirmed. Default 3.</summary>
    [Range(1, 100)] public int LookupAttempts { get; set; } = 3;

    /// <summary>Wait before looking up a clip whose create call had no clear answer, and between lookups. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")] public TimeSpan LookupDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An idle SSE stream sends a comment this often so proxies keep it open. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")] public TimeSpan StreamKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Lookups and confirmation checks list the brand's posts this far either side of the clip's publication time. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")] public TimeSpan LookupWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Create calls refused with 429 before the clip fails. Default 5.</summary>
    [Range(1, 100)] public int MaxUploadAttempts { get; set; } = 5;

    /// <summary>
    /// Period of the reminder that restarts a processing batch's steps after a crash or a move (at
    /// least Orleans' MinimumReminderPeriod). It bounds how long a batch can stall. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan StepBackstopPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
