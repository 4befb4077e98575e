using System.ComponentModel.DataAnnotations;

namespace Silo.Publishing.Metricool;

/// <summary>How Silo reaches Metricool's v2 API. Section <c>Silo:Publishing:Metricool</c>.</summary>
public sealed class MetricoolOptions
{
    public const string Section = "Silo:Publishing:Metricool";

    /// <summary>Metricool's API root; the simulator's address in the demo and tests. Default https://app.metricool.com/api.</summary>
    [Required, Url] public string BaseUrl { get; set; } = "https://app.metricool.com/api";

    /// <summary>The account's API token, sent as <c>X-Mc-Auth</c>. Also read from METRICOOL_USER_TOKEN. Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Networks each Story goes to. Default facebook and instagram.</summary>
    [MinLength(1)] public string[] Networks { get; set; } = ["facebook", "instagram"];

    /// <summary>Provider whose best times drive the bestTime mode. Default instagram.</summary>
    [Required] public string BestTimeProvider { get; set; } = "instagram";

    /// <summary>Longest a create call may take before its outcome is treated as unknown. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")] public TimeSpan CreateTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt of a read-only call (list, best times). Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")] public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a read-only call after a 5xx, 429 or timeout. Default 3.</summary>
    [Range(0, 10)] public int ReadRetries { get; set; } = 3;

    /// <summary>First delay between read retries; doubles each time (a 429's Retry-After wins). Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")] public TimeSpan ReadRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
