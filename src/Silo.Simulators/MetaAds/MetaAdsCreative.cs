namespace Silo.Simulators.MetaAds;

/// <summary>
/// An ad's creative as the simulated account holds it: Meta's documented fields (an image creative names its
/// <c>image_url</c>, a video creative its <c>video_id</c>; both may carry a <c>thumbnail_url</c>), the links typically the
/// CDN simulator's signed ones.
/// </summary>
public sealed record MetaAdsCreative(string Id, string Name, string? Title, string? Body, string? ImageUrl, string? ThumbnailUrl, string? VideoId);

/// <summary>An ad video (<c>GET /{video-id}?fields=source,picture</c>): the file's link and its picture's.</summary>
public sealed record MetaAdsVideo(string Id, string AccountId, string Source, string? Picture);
