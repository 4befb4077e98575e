using Silo.Hosting.Grains;

namespace Silo.Media.Posts;

/// <summary>Post grain ids: <c>post/fb:…</c>, <c>post/ig:…</c>, <c>post/patreon:…</c>, <c>post/youtube:…</c>, <c>post/manual:…</c>.</summary>
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

    public static GrainId For(string source, string sourcePostId) => new(GrainType, Key(source, sourcePostId));
}
