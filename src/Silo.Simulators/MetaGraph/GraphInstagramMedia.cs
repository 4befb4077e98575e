namespace Silo.Simulators.MetaGraph;

/// <summary>An Instagram media object (IMAGE, VIDEO or CAROUSEL_ALBUM; FEED, REELS or STORY) whose files live on the CDN simulator.</summary>
public sealed record GraphInstagramMedia(string Id, string? Caption, string MediaType, string? MediaFile, DateTimeOffset Timestamp,
    string? ThumbnailFile = null, string MediaProductType = "FEED", IReadOnlyList<GraphInstagramMedia>? Children = null);
