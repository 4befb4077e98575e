namespace Silo.Simulators.MetaGraph;

/// <summary>Faults the Graph simulator injects; switchable in-process or by <c>POST {prefix}/_faults</c>.</summary>
public sealed class MetaGraphFaults
{
    public int LatencyMs { get; set; }

    /// <summary>How many of the next requests answer 500 with Graph error code 2 ("unexpected error"); -1 means all.</summary>
    public int FailCount { get; set; }

    /// <summary>How many of the next requests answer a rate-limit error (<see cref="RateLimitCode"/>) and a full usage header; -1 means all.</summary>
    public int RateLimitCount { get; set; }

    /// <summary>The Graph error code of a rate-limit answer: 4 (app), 17 (user), 32 (page), 613 (call rate). Default 4.</summary>
    public int RateLimitCode { get; set; } = 4;

    /// <summary>The <c>estimated_time_to_regain_access</c> (minutes) a rate-limit answer reports. Default 1.</summary>
    public int RegainAccessMinutes { get; set; } = 1;

    /// <summary>When set, every usage header reports this percentage instead of the calls counted in the window.</summary>
    public int? UsagePercent { get; set; }

    /// <summary>When true, every request answers error 190 subcode 463 ("Session has expired").</summary>
    public bool TokenExpired { get; set; }

    internal bool TakeFailure()
    {
        lock (this)
        {
            if (FailCount == 0) return false;
            if (FailCount > 0) FailCount--;
            return true;
        }
    }

    internal bool TakeRateLimit()
    {
        lock (this)
        {
            if (RateLimitCount == 0) return false;
            if (RateLimitCount > 0) RateLimitCount--;
            return true;
        }
    }

    public void CopyFrom(MetaGraphFaults other)
    {
        lock (this)
            (LatencyMs, FailCount, RateLimitCount, RateLimitCode, UsagePercent, TokenExpired, RegainAccessMinutes) =
                (other.LatencyMs, other.FailCount, other.RateLimitCount, other.RateLimitCode, other.UsagePercent, other.TokenExpired, other.RegainAccessMinutes);
    }
}
