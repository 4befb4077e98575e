using System.ComponentModel.DataAnnotations;
using Silo.Media.Posts;

namespace Silo.Media.Deletion;

/// <summary>How long a file nothing refers to any more is kept, and how the sweep that then deletes it runs (<c>Silo:Deletion</c>).</summary>
public sealed class DeletionOptions : IValidatableObject
{
    public const string Section = "Silo:Deletion";

    /// <summary>
    /// How long a stored file is kept after the last post or ad holding it went: a post delivered again within it re-uses the
    /// stored object instead of downloading it again. Default 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")] public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the sweep looks for files whose grace period ran out (its reminder's period). Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")] public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many files one step of the sweep deletes at most, so a long sweep yields to the grain's other calls. Default 200.</summary>
    [Range(1, 10_000)] public int SweepBatch { get; set; } = 200;

    /// <summary>
    /// How long each source's posts are kept after they were first stored (<c>Retention:instagram = 30.00:00:00</c>); a
    /// source not named keeps its posts for ever (the default: none named). The sweep deletes older posts through their
    /// grains, with the audit reason <c>retention</c>, and their files follow after the grace period.
    /// </summary>
    public Dictionary<string, TimeSpan> Retention { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (source, keep) in Retention)
        {
            if (!PostIds.Sources.Contains(source))
                yield return new ValidationResult($"Retention names {source}, which is not a source ({string.Join(", ", PostIds.Sources)}).", [nameof(Retention)]);
            else if (keep <= TimeSpan.Zero)
                yield return new ValidationResult($"Retention of {source} must be longer than zero.", [nameof(Retention)]);
        }
    }
}
