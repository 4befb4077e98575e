namespace Silo.Insights.Creatives;

/// <summary>One stored file of an ad's creative (an <c>ad_creative_files</c> row): its role, where it came from and where it is now.</summary>
public sealed record CreativeFile(string Role, string OriginalUrl, string Sha256, string StorageKey, string? PublicUrl, string MimeType, long Size,
    int? Width, int? Height, double? DurationSeconds, string? PreviewSha256, string? PreviewUrl);
