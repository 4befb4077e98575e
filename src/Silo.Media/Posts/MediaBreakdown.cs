namespace Silo.Media.Posts;

/// <summary>
/// Seed 002's storage statistics for one group of posts (a tenant, a source, or all the key sees): posts against those
/// with a local image, attachments against those stored locally, thumbnails, and the distinct files and megabytes the
/// group's posts reference. <see cref="Tenant"/> or <see cref="Source"/> names the group; both null for the total.
/// </summary>
public sealed record MediaBreakdown(string? Tenant, string? Source, long Posts, long PostsWithLocalImage, long Attachments,
    long AttachmentsStoredLocally, long Thumbnails, long ThumbnailsStoredLocally, long Files, long Bytes, double Megabytes);

/// <summary>The breakdown as a total and per tenant and per source (a file two groups reference counts in each, once in the total).</summary>
public sealed record MediaStatsBreakdown(MediaBreakdown Total, IReadOnlyList<MediaBreakdown> ByTenant, IReadOnlyList<MediaBreakdown> BySource);
