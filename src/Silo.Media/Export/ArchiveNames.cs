using Silo.Media.BlobStores;

namespace Silo.Media.Export;

/// <summary>
/// Names inside an export's tar: <c>posts/{source}/{source post id}/post.json</c> and, beside it, each stored file as
/// <c>{slot}.{ext}</c>. Ids and slots keep letters, digits, '.', '_' and '-'; anything else becomes '-', so a name never gains
/// a folder, leaves its own, or needs escaping in <c>SHA256SUMS</c>.
/// </summary>
public static class ArchiveNames
{
    public const string Manifest = "SHA256SUMS";
    public const string Readme = "README.txt";

    public static string PostFolder(string source, string sourcePostId) => $"posts/{Clean(source)}/{Clean(sourcePostId)}";

    /// <summary>A file's name beside its post's JSON: its slot and the stored object's extension.</summary>
    public static string FileName(string slot, string storageKey)
    {
        var name = storageKey[(storageKey.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot > 0 && dot < name.Length - 1 ? $"{Clean(slot)}.{Clean(name[(dot + 1)..])}" : Clean(slot);
    }

    /// <summary>One <c>sha256sum</c> line (two spaces: a text-mode check, which reads the same bytes on every system Silo runs on).</summary>
    public static string ManifestLine(string sha256, string name) => $"{sha256}  {name}\n";

    private static string Clean(string part) => StorageKeys.Clean(part);
}
