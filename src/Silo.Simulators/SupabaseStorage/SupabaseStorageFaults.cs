namespace Silo.Simulators.SupabaseStorage;

/// <summary>
/// Faults the Supabase Storage simulator injects, switchable by the test that holds it or over HTTP
/// (<c>POST {prefix}/_faults</c> with this object as JSON; <c>DELETE</c> resets).
/// </summary>
public sealed class SupabaseStorageFaults
{
    /// <summary>The refusal's status, as Storage puts it in the body's <c>statusCode</c> (500, 507, 403, 413, …), while
    /// <see cref="FailCount"/> lasts. Storage itself answers it with HTTP 500 for a 500 and HTTP 400 for anything else.</summary>
    public int FailStatus { get; set; } = 500;

    /// <summary>The refusal's <c>code</c> (Storage's error code: <c>InternalError</c>, <c>AccessDenied</c>, <c>EntityTooLarge</c>, …).</summary>
    public string FailCode { get; set; } = "InternalError";

    /// <summary>The refusal's <c>message</c>.</summary>
    public string FailMessage { get; set; } = "Internal server error";

    /// <summary>Answer the refusal with <see cref="FailStatus"/> as the HTTP status too, as a gateway in front of Storage does
    /// (a proxy's 507, a 429), instead of Storage's own 400/500.</summary>
    public bool HttpStatusAsIs { get; set; }

    /// <summary>How many of the next requests fail; -1 means every request.</summary>
    public int FailCount { get; set; }

    /// <summary>Only these calls fail: <c>upload</c>, <c>read</c>, <c>delete</c>, <c>bucket</c>; empty: any.</summary>
    public string? FailOnly { get; set; }

    /// <summary>Delay before each answer.</summary>
    public int LatencyMs { get; set; }

    internal bool TakeFailure(string operation)
    {
        lock (this)
        {
            if (FailCount == 0 || (!string.IsNullOrEmpty(FailOnly) && FailOnly != operation)) return false;
            if (FailCount > 0) FailCount--;
            return true;
        }
    }

    public void Reset() => CopyFrom(new SupabaseStorageFaults());

    public void CopyFrom(SupabaseStorageFaults other)
    {
        lock (this)
            (FailStatus, FailCode, FailMessage, HttpStatusAsIs, FailCount, FailOnly, LatencyMs) =
                (other.FailStatus, other.FailCode, other.FailMessage, other.HttpStatusAsIs, other.FailCount, other.FailOnly, other.LatencyMs);
    }
}
