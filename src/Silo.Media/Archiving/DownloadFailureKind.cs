namespace Silo.Media.Archiving;

/// <summary>How a failed download should be treated by the post that asked for it.</summary>
public enum DownloadFailureKind
{
    /// <summary>Timeouts, 5xx, 429, dropped connections, truncated bodies: retried with backoff.</summary>
    Transient,
    /// <summary>A CDN link whose signature expired (403, or <c>oe</c> in the past): re-resolved, then retried.</summary>
    Expired,
    /// <summary>Refused by the guard, other 4xx, wrong content, too large: not retried.</summary>
    Final,
    /// <summary>The blob store could not take the file (unwritable, full): alert and retry.</summary>
    Storage,
}
