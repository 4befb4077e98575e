using System.Text.Json;

namespace Silo.Media.Posts;

/// <summary>A post in a list, with the image a dashboard should show (seed 002's priority) and its files the latest scrub could not repair.</summary>
public sealed record PostSummary(string PostId, string Source, string SourcePostId, string Tenant, string? Message, string Status,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt, string? DisplayImageUrl, bool HasLocalImage,
    string? NoImageReason, IReadOnlyList<ArchivedMediaView> Archived, IReadOnlyList<DamagedFileView>? Damaged = null);

/// <summary>An archived file of a post, served by Silo or its store (what a page may render).</summary>
public sealed record ArchivedMediaView(string Slot, string Kind, string PublicUrl, string? MimeType, int? Width, int? Height, string? PreviewUrl,
    string? Language);

/// <summary>One archive attempt of a post and how it ended.</summary>
public sealed record AttemptView(int Attempt, bool Succeeded, string? ErrorType, DateTimeOffset AttemptedAt);

/// <summary>One post with its media, last error and the files the latest scrub could not repair (<see cref="DamagedFileView"/>).</summary>
public sealed record PostDetail(string PostId, string Source, string SourcePostId, string Tenant, string? Message, string? ItemType,
    string? Permalink, string Status, int Attempts, JsonElement? LastError, DateTimeOffset? LinksExpireAt, DateTimeOffset? NextRetryAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt, string? DisplayImageUrl, bool HasLocalImage,
    IReadOnlyList<PostMediaView> Media, string? NoImageReason, IReadOnlyList<AttemptView> AttemptHistory, YouTubeView? YouTube = null,
    IReadOnlyList<TranscriptView>? Transcripts = null, IReadOnlyList<DamagedFileView>? Damaged = null);

/// <summary>A YouTube post's video details (seed 003), read by yt-dlp in embed and download mode.</summary>
public sealed record YouTubeView(string? VideoId, string? Title, string? Uploader, string? Channel, double? DurationSeconds, DateOnly? UploadDate);

/// <summary>
/// The transcript of one of a post's video or audio files (seed 003): its status (<c>pending</c>, <c>transcribing</c>,
/// <c>done</c>, <c>failed</c>, <c>skipped</c>), the text, and the text and WebVTT files stored beside the media.
/// </summary>
public sealed record TranscriptView(string Slot, string Status, string? Language, string? Text, string? TextUrl, string? VttUrl,
    string? ErrorType, string? Error, DateTimeOffset? NextRetryAt, DateTimeOffset? FinishedAt);

/// <summary>One media item of a post as the API shows it.</summary>
public sealed record PostMediaView(string Slot, string Role, string Kind, string OriginalUrl, string Action, string Status, string? Note,
    string? ExternalId, string? EmbedHtml, string? Sha256, string? StorageKey, string? PublicUrl, long? Size, string? MimeType,
    int? Width, int? Height, double? DurationSeconds, string? Error, DateTimeOffset? ArchivedAt, bool LinkExpired, int? SharedByPosts,
    string? VideoCodec = null, string? AudioCodec = null, int? Orientation = null, string? Language = null,
    string? PreviewUrl = null, int? PreviewWidth = null, int? PreviewHeight = null,
    string? Title = null, string? Uploader = null, string? Channel = null, DateOnly? UploadDate = null);

/// <summary>A page of posts.</summary>
public sealed record PostPage(IReadOnlyList<PostSummary> Items, int Page, int PageSize, long Total);

/// <summary>
/// Storage figures: files and bytes stored (media files and transcripts' text and WebVTT files), what deduplication saved, how
/// many references the posts make to media files, posts per status, and seed 002's breakdown. <see cref="TranscriptFiles"/>
/// and <see cref="TranscriptBytes"/> are the transcripts' part of <see cref="Files"/> and <see cref="Bytes"/>.
/// </summary>
public sealed record MediaStats(long Files, long Bytes, long BytesSavedByDedup, long References, IReadOnlyDictionary<string, long> PostsByStatus,
    MediaStatsBreakdown Breakdown, long TranscriptFiles = 0, long TranscriptBytes = 0);

/// <summary>An alert row.</summary>
public sealed record AlertView(long Id, string Kind, string Message, DateTimeOffset CreatedAt, bool Resolved, DateTimeOffset? ResolvedAt,
    string Tenant);
