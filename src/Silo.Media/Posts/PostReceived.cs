namespace Silo.Media.Posts;

/// <summary>
/// A post arrived or was edited (Meta webhook, Instagram poll, or the posts API). <see cref="ChangedAt"/> is when the change
/// was made at its source, where the source says (a webhook entry's <c>time</c>): a change older than one the post already
/// applied is not applied, so deliveries that arrive out of order still leave the newest fields. <see cref="ListsAllMedia"/>
/// says <see cref="Media"/> is the post's whole media as its source now holds it (the posts API, a Patreon crawl, an
/// Instagram poll, a Graph API read), not a webhook's partial view: items it no longer lists that hold no archived file
/// are dropped from the post.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.media.PostReceived")]
public sealed record PostReceived(
    [property: Id(0)] string Source,
    [property: Id(1)] string SourcePostId,
    [property: Id(2)] string Tenant,
    [property: Id(3)] string? Message,
    [property: Id(4)] string? ItemType,
    [property: Id(5)] IReadOnlyList<MediaItem> Media,
    [property: Id(6)] string? GraphObjectId = null,
    [property: Id(7)] string? Permalink = null,
    [property: Id(8)] bool IsStory = false,
    [property: Id(9)] DateTimeOffset? ChangedAt = null,
    [property: Id(10)] bool ListsAllMedia = false);
