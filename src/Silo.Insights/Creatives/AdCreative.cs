namespace Silo.Insights.Creatives;

/// <summary>
/// An ad's creative as the Marketing API reads it (<c>GET /{ad-id}?fields=creative{…}</c>, and for a video
/// <c>GET /{video-id}?fields=source,picture</c>): its text, and the CDN links of its image, video and thumbnail,
/// which expire like posts' links do. <paramref name="ObjectStorySpecJson"/> is Meta's spec as given.
/// </summary>
public sealed record AdCreative(string CreativeId, string? Name, string? Title, string? Body, string? ImageUrl, string? ThumbnailUrl,
    string? VideoId, string? VideoUrl, string? ObjectStorySpecJson)
{
    /// <summary>The files to archive: role (<c>image</c>, <c>video</c>, <c>thumbnail</c>), link and kind.</summary>
    public IEnumerable<(string Role, string Url, string Kind)> Media()
    {
        if (ImageUrl is { Length: > 0 } image) yield return ("image", image, "image");
        if (VideoUrl is { Length: > 0 } video) yield return ("video", video, "video");
        if (ThumbnailUrl is { Length: > 0 } thumbnail) yield return ("thumbnail", thumbnail, "image");
    }
}
