namespace Silo.Media.Posts;

/// <summary>One media item of a post and what became of it (a <c>post_media</c> row).</summary>
public sealed class PostMedia
{
    public string Slot { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary><c>image</c>, <c>video</c>, <c>audio</c> or <c>subtitle</c>: as declared until archived, then what the bytes hold.</summary>
    public string Kind { get; set; } = "image";
    public string OriginalUrl { get; set; } = "";
    /// <summary><c>download</c>, <c>keep_url</c>, <c>view_on_source</c>, <c>embed</c> or <c>yt_dlp</c> (see <see cref="Archiving.MediaAction"/>).</summary>
    public string Action { get; set; } = "download";
    /// <summary><c>pending</c>, <c>success</c>, <c>error</c> or <c>skipped</c>.</summary>
    public string Status { get; set; } = MediaItemStatus.Pending;
    public string? Note { get; set; }
    public string? ExternalId { get; set; }
    public string? EmbedHtml { get; set; }
    public string? Sha256 { get; set; }
    public string? StorageKey { get; set; }
    public string? PublicUrl { get; set; }
    public long? Size { get; set; }
    public string? MimeType { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public double? DurationSeconds { get; set; }
    public string? VideoCodec { get; set; }
    public string? AudioCodec { get; set; }
    /// <summary>EXIF orientation (1–8) of a photo.</summary>
    public int? Orientation { get; set; }
    /// <summary>A subtitle file's language (<c>en</c>, <c>es</c>).</summary>
    public string? Language { get; set; }
    /// <summary>A video's thumbnail frame or a large image's preview, stored content-addressed like the original.</summary>
    public string? PreviewSha256 { get; set; }
    public string? PreviewUrl { get; set; }
    public int? PreviewWidth { get; set; }
    public int? PreviewHeight { get; set; }
    /// <summary>A YouTube video's details (seed 003), in both embed and download mode.</summary>
    public string? Title { get; set; }
    public string? Uploader { get; set; }
    public string? Channel { get; set; }
    public DateOnly? UploadDate { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
}
