namespace Silo.Media.Posts;

/// <summary>
/// A media item's archive status (<c>post_media.status</c>): waiting for its next attempt, stored, failed for good, or
/// deliberately not stored (the policy's refusal, an embed whose details could not be read).
/// </summary>
public static class MediaItemStatus
{
    public const string Pending = "pending";
    public const string Success = "success";
    public const string Error = "error";
    public const string Skipped = "skipped";
}
