namespace Silo.Media.Posts;

/// <summary>A post's archive status, as seed 000's <c>media_status</c> (plus <c>skipped</c> for stories).</summary>
public static class PostStatus
{
    public const string Pending = "pending";
    public const string Downloading = "downloading";
    public const string Success = "success";
    public const string Error = "error";
    public const string Skipped = "skipped";

    public static readonly IReadOnlyList<string> All = [Pending, Downloading, Success, Error, Skipped];
}
