namespace Silo.Media.Posts;

/// <summary>The kinds of alert the media module raises (seed 000: storage full, error rate over 20%).</summary>
public static class AlertKinds
{
    public const string StorageUnavailable = "storage_unavailable";

    /// <summary>The store answered that it is full (ENOSPC, a quota, 507): not any I/O error, and not fixed by waiting.</summary>
    public const string StorageFull = "storage_full";
    public const string ErrorRate = "error_rate";
}
