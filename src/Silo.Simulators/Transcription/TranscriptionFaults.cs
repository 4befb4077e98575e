namespace Silo.Simulators.Transcription;

/// <summary>
/// Faults the transcription simulator injects, switchable by the test that holds it or over HTTP
/// (<c>POST {prefix}/_faults</c> with this object as JSON; <c>DELETE</c> resets).
/// </summary>
public sealed class TranscriptionFaults
{
    /// <summary>Status answered instead of a transcript (429, 500, 503, 400, …) while <see cref="FailCount"/> lasts.</summary>
    public int FailStatus { get; set; } = 500;

    /// <summary>How many of the next requests fail with <see cref="FailStatus"/>; -1 means every request.</summary>
    public int FailCount { get; set; }

    /// <summary>Retry-After (seconds) sent with a failing 429 or 503; 0 sends none.</summary>
    public int RetryAfterSeconds { get; set; }

    /// <summary>Delay before each answer.</summary>
    public int LatencyMs { get; set; }

    /// <summary>
    /// Hold the answer of the N-th accepted call (1-based) and every later one until this is set back to 0 or the client
    /// goes away; 0 is off. Lets a test act while a call is known to be in flight.
    /// </summary>
    public int HoldFromCall { get; set; }

    internal bool TakeFailure()
    {
        lock (this)
        {
            if (FailCount == 0) return false;
            if (FailCount > 0) FailCount--;
            return true;
        }
    }

    public void Reset() => CopyFrom(new TranscriptionFaults());

    public void CopyFrom(TranscriptionFaults other)
    {
        lock (this) (FailStatus, FailCount, RetryAfterSeconds, LatencyMs, HoldFromCall) = (other.FailStatus, other.FailCount, other.RetryAfterSeconds, other.LatencyMs, other.HoldFromCall);
    }
}
