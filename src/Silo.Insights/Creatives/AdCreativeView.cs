using System.Text.Json;

namespace Silo.Insights.Creatives;

/// <summary>
/// An ad's creative in its API answer: what the Marketing API said, and where its archived media are (<c>/media</c> links,
/// each file private to the ad's tenant). <c>status</c> is <c>pending</c> (not archived yet), <c>archived</c>, or
/// <c>failed</c> with <c>error</c>, tried again at <c>next_attempt_at</c> (none: out of attempts until the ad's creative changes).
/// </summary>
public sealed record AdCreativeView(string CreativeId, string Status, int Attempts, string? Error, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? ArchivedAt, string? Name, string? Title, string? Body, string? VideoId, JsonElement? ObjectStorySpec,
    AdCreativeFileView? Image, AdCreativeFileView? Video, AdCreativeFileView? Thumbnail);

/// <summary>One archived file of a creative: the link to it, its type and size, and for a video its preview frame.</summary>
public sealed record AdCreativeFileView(string? Url, string MimeType, long Size, int? Width, int? Height, double? DurationSeconds, string? PreviewUrl,
    string Sha256, string OriginalUrl);
