namespace Silo.Media.Posts;

/// <summary>A post arrived or was edited (Meta webhook, Instagram poll, or the posts API).</summary>
public sealed record PostReceived(
    string Source,
    string SourcePostId,
    string Tenant,
    string? Message,
    string? ItemType,
    IReadOnlyList<MediaItem> Media,
    string? GraphObjectId = null,
    string? Permalink = null,
    bool IsStory = false);
