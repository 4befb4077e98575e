namespace Silo.Simulators.Patreon;

/// <summary>Faults the Patreon simulator injects; switchable in-process or by <c>POST {prefix}/_faults</c>.</summary>
public sealed class PatreonFaults
{
    public int LatencyMs { get; set; }

    /// <summary>How many of the next requests answer 429 with <c>Retry-After: <see cref="RetryAfterSeconds"/></c>; -1 means all.</summary>
    public int RateLimitCount { get; set; }

    /// <summary>The <c>Retry-After</c> (seconds) of a 429. Default 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Requests one access token may make in <see cref="TokenWindowSeconds"/> before Patreon answers 429 with the seconds
    /// left in the window as <c>Retry-After</c> (Patreon limits each token as well as each client). 0 (default): no limit.
    /// </summary>
    public int TokenLimit { get; set; }

    /// <summary>The window of <see cref="TokenLimit"/>, in seconds. Default 60 (Patreon counts per minute).</summary>
    public int TokenWindowSeconds { get; set; } = 60;

    /// <summary>How many of the next requests answer <see cref="FailStatus"/>; -1 means all.</summary>
    public int FailCount { get; set; }

    /// <summary>The status of a failure: 500, 502, 503 or 504. Default 503.</summary>
    public int FailStatus { get; set; } = 503;

    /// <summary>When true, every request answers 401 (the token was revoked or has expired).</summary>
    public bool Unauthorized { get; set; }

    internal bool TakeRateLimit() => Take(() => RateLimitCount, v => RateLimitCount = v);

    internal bool TakeFailure() => Take(() => FailCount, v => FailCount = v);

    private bool Take(Func<int> read, Action<int> write)
    {
        lock (this)
        {
            var left = read();
            if (left == 0) return false;
            if (left > 0) write(left - 1);
            return true;
        }
    }

    public void CopyFrom(PatreonFaults other)
    {
        lock (this)
        {
            (LatencyMs, RateLimitCount, RetryAfterSeconds, FailCount, FailStatus, Unauthorized) =
                (other.LatencyMs, other.RateLimitCount, other.RetryAfterSeconds, other.FailCount, other.FailStatus, other.Unauthorized);
            (TokenLimit, TokenWindowSeconds) = (other.TokenLimit, other.TokenWindowSeconds);
        }
    }
}
