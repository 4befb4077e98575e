namespace Silo.Media.Posts;

/// <summary>A stored content's preview image (its own <c>media_files</c> row).</summary>
public sealed record StoredPreview(string Sha256, string StorageKey, int? Width, int? Height);
