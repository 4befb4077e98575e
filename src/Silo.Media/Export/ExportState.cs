namespace Silo.Media.Export;

/// <summary>An export's state: its row in <c>media_exports</c>, written after every segment it stores (its checkpoint).</summary>
public sealed class ExportState
{
    public bool Exists { get; set; }
    public string Tenant { get; set; } = "";
    public string? Source { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }
    public string RequestedBy { get; set; } = "";
    public string Status { get; set; } = ExportStatus.Running;

    /// <summary>The last post written (posts go in post id order); null before the first segment.</summary>
    public string? Cursor { get; set; }

    /// <summary>Segments stored so far (<c>exports/{id}/000001.tar</c> …), each with its manifest lines beside it.</summary>
    public int Segments { get; set; }

    /// <summary>Posts that matched when the export started (raised if more were written).</summary>
    public int PostsFound { get; set; }
    public int PostsWritten { get; set; }
    public long FilesWritten { get; set; }

    /// <summary>The archive's size so far: the stored segments, and once done the manifest and tar's end.</summary>
    public long ArchiveBytes { get; set; }
    public int FailuresInRow { get; set; }
    public DateTimeOffset? NotBefore { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When its parts were deleted from the store (status <see cref="ExportStatus.Expired"/>).</summary>
    public DateTimeOffset? ExpiredAt { get; set; }
}
