namespace Silo.Simulators.MetaCdn;

/// <summary>
/// Faults the CDN simulator injects, switchable by the test that holds it or over HTTP
/// (<c>POST {prefix}/_faults</c> with this object as JSON; <c>DELETE</c> resets).
/// </summary>
public sealed class MetaCdnFaults
{
    /// <summary>Delay before each response starts.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Status answered instead of the file (500, 503, 429, …) while <see cref="FailCount"/> lasts.</summary>
    public int FailStatus { get; set; } = 503;

    /// <summary>How many of the next requests fail with <see cref="FailStatus"/>; -1 means every request.</summary>
    public int FailCount { get; set; }

    /// <summary>A slow body: send half of it, then stall this long before the rest (headers are already out).</summary>
    public int BodyStallMs { get; set; }

    /// <summary>Hold responses until the client gives up.</summary>
    public bool Hang { get; set; }

    /// <summary>Announce the full Content-Length but close the connection halfway through the body.</summary>
    public bool TruncateBodies { get; set; }

    /// <summary>Serve an HTML error page labelled as the file's content type.</summary>
    public bool WrongContentType { get; set; }

    /// <summary>Pad every body with this many extra bytes (an oversized file).</summary>
    public long OversizeBytes { get; set; }

    /// <summary>
    /// Send this many bytes of each body, then hold the rest until this is set back to 0 or the
    /// client goes away (a CDN edge stalling mid-stream); 0 is off. Lets a test act while a
    /// download is known to be half done.
    /// </summary>
    public long StallBodyAfterBytes { get; set; }

    /// <summary>Answer every file request with a 302 to this URL (e.g. a private or metadata address).</summary>
    public string? RedirectTo { get; set; }

    internal bool TakeFailure()
    {
        lock (this)
        {
            if (FailCount == 0) return false;
            if (FailCount > 0) FailCount--;
            return true;
        }
    }

    public void Reset() => CopyFrom(new MetaCdnFaults());

    public void CopyFrom(MetaCdnFaults other)
    {
        lock (this)
        {
            (LatencyMs, FailStatus, FailCount, Hang) = (other.LatencyMs, other.FailStatus, other.FailCount, other.Hang);
            (TruncateBodies, WrongContentType, OversizeBytes, RedirectTo) = (other.TruncateBodies, other.WrongContentType, other.OversizeBytes, other.RedirectTo);
            BodyStallMs = other.BodyStallMs;
            StallBodyAfterBytes = other.StallBodyAfterBytes;
        }
    }
}
