using System.ComponentModel.DataAnnotations;

namespace Silo.Media.Backfill;

/// <summary>How history walks (page backfills, Instagram history) read the Graph API. Section <c>Silo:Media:Backfill</c>.</summary>
public sealed class BackfillOptions : IValidatableObject
{
    public const string Section = "Silo:Media:Backfill";

    /// <summary>Posts asked for per Graph API page (<c>limit</c>; Meta serves at most 100). Default 100.</summary>
    [Range(1, 100)] public int PageSize { get; set; } = 100;

    /// <summary>
    /// How often a walk in progress is looked at by its reminder: the crash backstop that resumes a walk
    /// whose node died (raised to <c>Silo:Cluster:MinimumReminderPeriod</c> if below). Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Usage (the highest of Meta's usage headers, in percent) above which the walk slows down. Default 60.</summary>
    [Range(1, 100)] public int SlowDownAbovePercent { get; set; } = 60;

    /// <summary>Usage at which the walk stops reading until Meta's estimate to regain access (or <see cref="CoolDown"/>) has passed. Default 90.</summary>
    [Range(1, 100)] public int StopAbovePercent { get; set; } = 90;

    /// <summary>
    /// The pause between pages at <see cref="SlowDownAbovePercent"/>, growing linearly to four times
    /// it just below <see cref="StopAbovePercent"/>. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan SlowDownDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a token rests after Meta refused it for its rate limits (codes 4, 17, 32, 613) when Meta
    /// gives no estimate; doubled on each refusal in a row up to <see cref="MaxCoolDown"/>. Default 5 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")] public TimeSpan CoolDown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest rest after rate-limit refusals. Default 1 h (Meta's usage window).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "24:00:00")] public TimeSpan MaxCoolDown { get; set; } = TimeSpan.FromHours(1);

    /// <summary>First wait after a transient failure (5xx, code 1 or 2, a timeout), doubling on each in a row. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Transient failures in a row after which the walk ends <c>failed</c> (resumable). Default 8.</summary>
    [Range(1, 1000)] public int MaxFailuresInRow { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SlowDownAbovePercent >= StopAbovePercent)
            yield return new ValidationResult("must be below StopAbovePercent.", [nameof(SlowDownAbovePercent)]);
        if (MaxCoolDown < CoolDown) yield return new ValidationResult("must be at least CoolDown.", [nameof(MaxCoolDown)]);
    }
}
