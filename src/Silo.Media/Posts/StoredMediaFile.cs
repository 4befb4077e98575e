namespace Silo.Media.Posts;

/// <summary>A content newly put in the blob store during a turn, to be recorded in <c>media_files</c> with the turn.</summary>
public sealed record StoredMediaFile(string Sha256, string StorageKey, string Backend, long Size, string MimeType,
    int? Width, int? Height, double? DurationSeconds);
