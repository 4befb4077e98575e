namespace Silo.Media.Posts;

/// <summary>Post grain keys: <c>fb:…</c>, <c>ig:…</c>, <c>patreon:…</c>, <c>youtube:…</c>, <c>manual:…</c> (grain ids <c>post/fb:…</c>).</summary>
public static class PostIds
{
    public const string GrainType = "post";

    public static readonly IReadOnlyList<string> Sources = ["facebook", "instagram", "patreon", "youtube", "manual"];

    public static string Key(string source, string sourcePostId) => source switch
    {
        "facebook" => $"fb:{sourcePostId}",
        "instagram" => $"ig:{sourcePostId}",
        _ => $"{source}:{sourcePostId}",
    };
}
