using System.Globalization;
using System.Text.Json;
using Silo.Media.Posts;

namespace Silo.Media.Meta;

/// <summary>
/// Turns the Graph API's posts and media into what a post grain receives, with the same source, id
/// and media slots a webhook or a link refresh gives them, so a post met both ways is one post.
/// </summary>
public static class GraphPosts
{
    /// <summary>
    /// A page post from <c>/{page-id}/posts</c>. Its media come with it, so the post grain reads
    /// nothing from the Graph API unless a link expires; a post without media (a status update)
    /// carries no Graph object id, so its grain does not go looking for media it does not have.
    /// </summary>
    public static PostReceived FromPagePost(JsonElement post, string tenant)
    {
        var id = Str(post, "id") ?? throw new FormatException("A page post without an id.");
        var media = MetaGraphClient.FacebookSlots(post);
        return new PostReceived("facebook", id, tenant, Str(post, "message"), ItemType(post), media,
            GraphObjectId: media.Count > 0 ? id : null, Permalink: Str(post, "permalink_url"), ListsAllMedia: true);
    }

    /// <summary>An Instagram media from <c>/{ig-user-id}/media</c>; stories are marked so (seed 000 does not archive them).</summary>
    public static PostReceived FromInstagramMedia(JsonElement media, string tenant)
    {
        var id = Str(media, "id") ?? throw new FormatException("An Instagram media without an id.");
        return new PostReceived("instagram", id, tenant, Str(media, "caption"), Str(media, "media_type")?.ToLowerInvariant(),
            MetaGraphClient.InstagramSlots(media), GraphObjectId: id, Permalink: Str(media, "permalink"),
            IsStory: Str(media, "media_product_type") == "STORY", ListsAllMedia: true);
    }

    /// <summary>When the post was published: <c>created_time</c> (pages) or <c>timestamp</c> (Instagram), e.g. <c>2024-05-01T10:00:00+0000</c>.</summary>
    public static DateTimeOffset? PublishedAt(JsonElement item) =>
        (Str(item, "created_time") ?? Str(item, "timestamp")) is { } text
        && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at : null;

    /// <summary>The webhook's item names: status (no media), share, video, photo (an album is photos).</summary>
    private static string ItemType(JsonElement post)
    {
        if (!post.TryGetProperty("attachments", out var attachments) || !attachments.TryGetProperty("data", out var data)
            || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
            return Str(post, "full_picture") is null ? "status" : "photo";
        return Str(data[0], "media_type") switch
        {
            "share" or "link" => "share",
            { } type when type.StartsWith("video", StringComparison.Ordinal) => "video",
            _ => "photo",
        };
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
