using System.Text;
using Microsoft.Extensions.Options;

namespace Silo.Media.BlobStores;

/// <summary>
/// Object names (<c>Silo:Media:Storage:KeyLayout</c>). <c>hash</c>: <c>ab/cd/{sha256}.{ext}</c>. <c>seed</c>: names a person
/// can read, as the seeds lay them out: Meta posts under <c>{tenant}/publicaciones_meta/{post_id}.{ext}</c> (seed 000), or,
/// with <c>PageArchiveLayout</c>, Facebook posts under <c>facebook/{posts|attachments|thumbnails}/</c> (seed 002); other
/// sources under <c>{tenant}/{source}/</c>. The name never decides whether a content is stored again: the SHA-256 does
/// (<c>media_files</c>), and a post whose bytes are already stored points at the existing object, whatever its name.
/// </summary>
public sealed class StorageKeys(IOptions<BlobStoreOptions> options)
{
    private readonly BlobStoreOptions _options = options.Value;

    /// <summary>Slots that hold a post's own picture or video: named after the post alone.</summary>
    private static readonly HashSet<string> MainSlots = new(StringComparer.Ordinal) { "full_picture", "video", "media" };

    /// <summary>The name for <paramref name="slot"/>'s file of <paramref name="owner"/>'s post.</summary>
    public string KeyFor(StorageOwner owner, string slot, string sha256, string extension)
    {
        if (!_options.UsesSeedLayout) return HashKey(sha256, extension);
        return $"{FolderFor(owner, slot.Split(':')[0])}/{NameFor(owner, slot)}.{extension}";
    }

    /// <summary>A thumbnail or preview made from <paramref name="slot"/>'s file (<paramref name="sha256"/> is the thumbnail's own):
    /// <c>{post_id}[_{slot}]_thumb.{ext}</c> in seed 002's <c>thumbnails</c> folder, or beside the original.</summary>
    public string ThumbnailKeyFor(StorageOwner owner, string slot, string sha256, string extension) =>
        _options.UsesSeedLayout
            ? $"{FolderFor(owner, "thumbnail")}/{NameFor(owner, slot)}_thumb.{extension}"
            : HashKey(sha256, extension);

    private static string HashKey(string sha256, string extension) => $"{sha256[..2]}/{sha256[2..4]}/{sha256}.{extension}";

    private static string NameFor(StorageOwner owner, string slot) =>
        MainSlots.Contains(slot) ? Clean(owner.SourcePostId) : $"{Clean(owner.SourcePostId)}_{Clean(slot)}";

    /// <summary>A readable name already holds other bytes (the post was edited, its picture replaced): the new content
    /// gets the hash's first 12 digits beside it, so the older file, which other posts may still show, is never overwritten.</summary>
    public static string Disambiguate(string key, string sha256)
    {
        var dot = key.LastIndexOf('.');
        var slash = key.LastIndexOf('/');
        return dot > slash ? $"{key[..dot]}-{sha256[..12]}{key[dot..]}" : $"{key}-{sha256[..12]}";
    }

    private string FolderFor(StorageOwner owner, string role)
    {
        if (owner.Source == "facebook" && _options.PageArchiveLayout)
            return role switch
            {
                "picture" or "full_picture" => "facebook/posts",
                "thumbnail" => "facebook/thumbnails",
                _ => "facebook/attachments",
            };
        return owner.Source is "facebook" or "instagram"
            ? $"{Clean(owner.Tenant)}/publicaciones_meta"
            : $"{Clean(owner.Tenant)}/{owner.Source}";
    }

    /// <summary>Ids, slots and tenants keep letters, digits, '.', '_' and '-'; anything else (':', '/', spaces) becomes '-',
    /// so a name never gains a folder or leaves its own (store keys, and the names inside an export's archive).</summary>
    internal static string Clean(string part)
    {
        var clean = new StringBuilder(part.Length);
        foreach (var c in part) clean.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : c == '.' && clean.Length > 0 ? c : '-');
        return clean.Length == 0 ? "-" : clean.ToString();
    }
}
