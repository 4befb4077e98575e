using System.Text.Json.Serialization;

namespace Silo.Simulators.MetaAds;

/// <summary>
/// Switchable faults, in process (<see cref="MetaAdsSimulator.Faults"/>) or over HTTP
/// (POST <c>{prefix}/_sim/faults</c> with this JSON). Counts are consumed one per data request.
/// </summary>
public sealed class MetaAdsFaults
{
    /// <summary>The next N data requests (of <see cref="RateLimitAccountId"/> when set) fail with <see cref="RateLimitCode"/>.</summary>
    [JsonPropertyName("rate_limit_next")] public int RateLimitNext { get; set; }

    /// <summary>4, 17, 32, 613 or 80000–80014. Default 17.</summary>
    [JsonPropertyName("rate_limit_code")] public int RateLimitCode { get; set; } = 17;

    [JsonPropertyName("rate_limit_account_id")] public string? RateLimitAccountId { get; set; }

    /// <summary><c>estimated_time_to_regain_access</c> (minutes) sent with a rate-limit error; 0 = no estimate.</summary>
    [JsonPropertyName("regain_minutes")] public int RegainMinutes { get; set; }

    /// <summary>Usage percent reported in every usage header. Default 5.</summary>
    [JsonPropertyName("usage_percent")] public int UsagePercent { get; set; } = 5;

    /// <summary>Polls a report job answers "Job Running" before "Job Completed" (the last one at 100%). Default 2.</summary>
    [JsonPropertyName("job_polls")] public int JobPolls { get; set; } = 2;

    /// <summary>The next N report jobs end "Job Failed".</summary>
    [JsonPropertyName("fail_next_jobs")] public int FailNextJobs { get; set; }

    /// <summary>Usage added per request of the account over the last <see cref="UsageWindowSeconds"/>: usage rises with load. Default 0.</summary>
    [JsonPropertyName("usage_per_call")] public double UsagePerCall { get; set; }

    /// <summary>The rolling window of <see cref="UsagePerCall"/>, in seconds. Default 60.</summary>
    [JsonPropertyName("usage_window_seconds")] public int UsageWindowSeconds { get; set; } = 60;

    /// <summary>Report jobs over more than this many days end "Job Failed" (Meta's answer to a too-large report); 0 = never. Default 0.</summary>
    [JsonPropertyName("fail_jobs_over_days")] public int FailJobsOverDays { get; set; }

    /// <summary>Extra latency per data request, in milliseconds.</summary>
    [JsonPropertyName("latency_ms")] public int LatencyMs { get; set; }

    /// <summary>The next N data requests answer 500 with Meta's transient error (code 2).</summary>
    [JsonPropertyName("server_errors_next")] public int ServerErrorsNext { get; set; }
}
