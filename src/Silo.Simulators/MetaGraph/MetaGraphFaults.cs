namespace Silo.Simulators.MetaGraph;

/// <summary>Faults the Graph simulator injects; switchable in-process or by <c>POST {prefix}/_faults</c>.</summary>
public sealed class MetaGraphFaults
{
    public int LatencyMs { get; set; }

    /// <summary>How many of the next requests answer 500 with Graph error code 2 ("unexpected error"); -1 means all.</summary>
    public int FailCount { get; set; }

    /// <summary>How many of the next requests answer 403 with code 4 ("Application request limit reached") and a full X-App-Usage.</summary>
    public int RateLimitCount { get; set; }

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
        lock (this) (LatencyMs, FailCount, RateLimitCount) = (other.LatencyMs, other.FailCount, other.RateLimitCount);
    }
}
