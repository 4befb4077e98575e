namespace Silo.Media.Posts;

/// <summary>Bytes stored at the end of one day (files stored on or before it), and how many files.</summary>
public sealed record StorageDay(DateOnly Day, long Bytes, long Files);

/// <summary>One backend's or tenant's stored bytes, day by day.</summary>
public sealed record StorageSeries(string Name, IReadOnlyList<StorageDay> Days);

/// <summary>A stored file among the largest, with how many of the caller's posts reference it and one of them.</summary>
public sealed record LargestFile(string Sha256, string Backend, long Size, string MimeType, DateTimeOffset StoredAt, int Posts, string? PostId);

/// <summary>
/// The storage view: bytes per backend and per tenant over time, dedup savings, the largest files.
/// The series are the files stored now, by the day each was stored (media_files.created_at; for a
/// tenant, the day its first post archived the file): a file removed since is not in them.
/// </summary>
public sealed record StorageReport(DateOnly From, DateOnly To, MediaStats Totals, IReadOnlyList<StorageSeries> Backends,
    IReadOnlyList<StorageSeries> Tenants, IReadOnlyList<LargestFile> Largest);
