namespace Silo.Media.Posts;

/// <summary>A content already in <c>media_files</c>: where it is stored and the preview recorded with it.</summary>
public sealed record StoredContent(string StorageKey, StoredPreview? Preview);
