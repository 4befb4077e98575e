namespace Silo.Media.Posts;

/// <summary>The kinds of alert the media module raises (seed 000: storage full, error rate over 20%).</summary>
public static class AlertKinds
{
    public const string StorageUnavailable = "storage_unavailable";
    public const string ErrorRate = "error_rate";
}
