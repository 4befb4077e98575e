using System.Net;
using Amazon.S3;
using Azure;

namespace Silo.Media.BlobStores;

/// <summary>
/// Which failures mean "the store is full" rather than "the store failed": only these raise the
/// <c>storage_full</c> alert. Anything else (permissions, a missing bucket, a network error) stays
/// <c>storage_unavailable</c>.
/// </summary>
internal static class StorageFullAnswers
{
    // .NET on Unix puts the raw errno in HResult; on Windows the Win32 code sits in the low word.
    private const int Enospc = 28, EdquotLinux = 122, EdquotBsd = 69;
    private const int ErrorHandleDiskFull = 0x27, ErrorDiskFull = 0x70, ErrorDiskQuotaExceeded = 0x50F;

    /// <summary>S3 error codes for a full store or an exhausted quota: MinIO (<c>XMinioStorageFull</c>, 507; bucket quota
    /// <c>XMinioAdminBucketQuotaExceeded</c>), Ceph RGW and others (<c>QuotaExceeded</c>), OBS-compatible stores
    /// (<c>InsufficientStorageSpace</c>). AWS itself documents no such code; any 507 counts too.</summary>
    private static readonly HashSet<string> S3Codes = new(StringComparer.Ordinal)
    {
        "XMinioStorageFull", "XMinioAdminBucketQuotaExceeded", "QuotaExceeded", "InsufficientStorageSpace",
    };

    public static bool IsDiskFull(IOException e) => OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is ErrorHandleDiskFull or ErrorDiskFull or ErrorDiskQuotaExceeded
        : e.HResult is Enospc or EdquotLinux || (OperatingSystem.IsMacOS() && e.HResult == EdquotBsd);

    public static bool IsFull(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.InsufficientStorage || (e.ErrorCode is { } code && S3Codes.Contains(code));

    /// <summary>Azure Blob's documented error codes name no full-store condition for block blobs (a 403
    /// <c>InsufficientAccountPermissions</c> is about rights, not space), so only 507 Insufficient Storage,
    /// which Azure-compatible servers and gateways answer when out of space, and a <c>QuotaExceeded</c> code count.</summary>
    public static bool IsFull(RequestFailedException e) =>
        e.Status == (int)HttpStatusCode.InsufficientStorage || e.ErrorCode == "QuotaExceeded";

    /// <summary>Supabase Storage documents no full-store or quota code either (<c>EntityTooLarge</c>, 413, is one file over the
    /// bucket's or project's size limit, not a full store), so a 507, from Storage or a gateway in front of it, and a
    /// <c>QuotaExceeded</c> code count.</summary>
    public static bool IsFull(SupabaseStorageError e) => e.Status == (int)HttpStatusCode.InsufficientStorage || e.Code == "QuotaExceeded";
}
