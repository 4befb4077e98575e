namespace Silo.Media.Posts;

/// <summary>A content newly put in the blob store during an archive attempt, recorded in <c>media_files</c> by the attempt's write.</summary>
public sealed record StoredMediaFile(string Sha256, string StorageKey, string Backend, long Size, string MimeType,
    int? Width, int? Height, double? DurationSeconds)
{
    public string? VideoCodec { get; init; }
    public string? AudioCodec { get; init; }
    public int? Orientation { get; init; }
    /// <summary>The content's preview, recorded on its row so a later post with the same content reuses it.</summary>
    public string? PreviewSha256 { get; init; }
}
