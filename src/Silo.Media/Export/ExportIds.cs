namespace Silo.Media.Export;

/// <summary>Export ids (a new one per export, lower-case hex) and where their objects are stored.</summary>
public static class ExportIds
{
    public const string GrainType = "media-export";

    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>An id as <see cref="New"/> makes them: 32 lower-case hex digits, so it is safe in a storage key.</summary>
    public static bool IsValid(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>The store's folder every export's objects are under, one folder per export (<c>exports/{id}/</c>).</summary>
    public const string Folder = "exports/";

    /// <summary>The <paramref name="n"/>th segment's tar (1-based): posts' JSON and files, without tar's end blocks.</summary>
    public static string SegmentKey(string id, int n) => $"{Folder}{id}/{n:D6}.tar";

    /// <summary>The <paramref name="n"/>th segment's manifest lines (<c>sha256sum</c>'s format).</summary>
    public static string SumsKey(string id, int n) => $"{Folder}{id}/{n:D6}.sha256";

    /// <summary>The archive's end: the <c>SHA256SUMS</c> member and tar's two end blocks.</summary>
    public static string EndKey(string id) => $"{Folder}{id}/end.tar";
}
