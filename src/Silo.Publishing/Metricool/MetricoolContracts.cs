using System.Text.Json.Serialization;

namespace Silo.Publishing.Metricool;

// The wire shapes of Metricool's v2 scheduler (ScheduledPost and friends), kept together in one file
// because they are one documented schema; only the fields Silo reads or writes are declared, and
// unknown fields in answers are ignored.

/// <summary>A date as Metricool sends it: local date-time text plus an IANA time zone.</summary>
public sealed record DateTimeInfo(string DateTime, string Timezone);

/// <summary>One network a post goes to, with that network's publication status and post id once known.</summary>
public sealed record ProviderStatus(string Network, string? Id = null, string? Status = null, string? PublicUrl = null, string? DetailedStatus = null);

/// <summary>Instagram options of a post; <c>type</c> = <c>STORY</c> for Stories.</summary>
public sealed record InstagramData(string Type, bool AutoPublish = true);

/// <summary>Facebook options of a post; <c>type</c> = <c>STORY</c> for Stories.</summary>
public sealed record FacebookData(string Type);

/// <summary>Metricool's ScheduledPost (request of POST and items of GET /v2/scheduler/posts).</summary>
public sealed record ScheduledPost
{
    public long? Id { get; init; }
    public string? Uuid { get; init; }
    public required DateTimeInfo PublicationDate { get; init; }
    public DateTimeInfo? CreationDate { get; init; }
    public string Text { get; init; } = "";
    public List<ProviderStatus> Providers { get; init; } = [];
    public List<string> Media { get; init; } = [];
    public bool AutoPublish { get; init; } = true;
    public bool Draft { get; init; }
    public InstagramData? InstagramData { get; init; }
    public FacebookData? FacebookData { get; init; }
}

/// <summary>The envelope Metricool wraps answers in.</summary>
public sealed record MetricoolResponse<T>(T? Data, [property: JsonPropertyName("error")] string? Error = null);

/// <summary>One hour of a weekday with its engagement score, from the best-times endpoint.</summary>
public sealed record BestTimeByHour(int HourOfDay, double Value);

/// <summary>A weekday (1 = Monday … 7 = Sunday) with its scores by hour.</summary>
public sealed record BestTimes(int DayOfWeek, List<BestTimeByHour> BestTimesByHour);
