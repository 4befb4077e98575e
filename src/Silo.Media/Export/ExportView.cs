namespace Silo.Media.Export;

/// <summary>
/// An export as users see it (<c>GET /api/media/exports/{id}</c>, the storage page): what it covers, posts found and written,
/// the archive's size, where to download it once done, and when its archive is (or was) deleted from the store.
/// </summary>
public sealed record ExportView(string Id, string Tenant, string? Source, DateTimeOffset? From, DateTimeOffset? To, string RequestedBy,
    string Status, int PostsFound, int PostsWritten, long FilesWritten, int Segments, long ArchiveBytes, string? LastError,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpiredAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>Posts written of those found: 0..1 (1 once done).</summary>
    public double Progress => Status == ExportStatus.Done ? 1
        : PostsFound == 0 ? 0 : Math.Min(1, Math.Round((double)PostsWritten / PostsFound, 4));

    /// <summary>Where the archive is downloaded; null until it is done.</summary>
    public string? ArchiveUrl => Status == ExportStatus.Done ? $"/api/media/exports/{Id}/archive" : null;
}
