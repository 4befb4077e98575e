namespace Silo.Media.Posts;

/// <summary>One media item of a post as the display-image decision sees it.</summary>
public sealed record DisplayCandidate(string Slot, string Role, string Kind, string OriginalUrl, string Status, string? PublicUrl,
    string? MimeType, string? Error);
