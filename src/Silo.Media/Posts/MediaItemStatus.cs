namespace Silo.Media.Posts;

/// <summary>
/// A media item's archive status (<c>post_media.status</c>): waiting for its next attempt, stored, failed for good, or
/// deliberately not stored (the policy's refusal, an embed whose details could not be read). The words are the post's
/// (<see cref="PostStatus"/>, seed 000's <c>media_status</c>), so a filter on either reads the same.
/// </summary>
public static class MediaItemStatus
{
    public const string Pending = PostStatus.Pending;
    public const string Success = PostStatus.Success;
    public const string Error = PostStatus.Error;
    public const string Skipped = PostStatus.Skipped;
}
