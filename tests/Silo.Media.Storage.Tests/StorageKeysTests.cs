using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;

namespace Silo.Media.Storage.Tests;

public sealed class StorageKeysTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static StorageKeys Keys(string layout, bool pageArchive = false) =>
        new(Options.Create(new BlobStoreOptions { KeyLayout = layout, PageArchiveLayout = pageArchive }));

    [Theory]
    [InlineData("full_picture")]
    [InlineData("attachment:0:video")]
    public void KeyFor_HashLayout_ContentAddressed(string slot) =>
        Assert.Equal($"01/23/{Sha}.jpg", Keys("hash").KeyFor(new StorageOwner("acme", "facebook", "100200_101"), slot, Sha, "jpg"));

    [Theory]
    [InlineData("facebook", "full_picture", "jpg", "acme/publicaciones_meta/100200_101.jpg")]
    [InlineData("facebook", "video", "mp4", "acme/publicaciones_meta/100200_101.mp4")]
    [InlineData("facebook", "attachment:1", "jpg", "acme/publicaciones_meta/100200_101_attachment-1.jpg")]
    [InlineData("instagram", "media", "jpg", "acme/publicaciones_meta/100200_101.jpg")]
    [InlineData("instagram", "child:2", "mp4", "acme/publicaciones_meta/100200_101_child-2.mp4")]
    [InlineData("patreon", "media:0", "mp4", "acme/patreon/100200_101_media-0.mp4")]
    public void KeyFor_SeedLayout_Seed000Names(string source, string slot, string extension, string expected) =>
        Assert.Equal(expected, Keys("seed").KeyFor(new StorageOwner("acme", source, "100200_101"), slot, Sha, extension));

    [Theory]
    [InlineData("full_picture", "facebook/posts/100200_101.jpg")]
    [InlineData("picture", "facebook/posts/100200_101_picture.jpg")]
    [InlineData("attachment:0", "facebook/attachments/100200_101_attachment-0.jpg")]
    [InlineData("subattachment:0:3", "facebook/attachments/100200_101_subattachment-0-3.jpg")]
    [InlineData("thumbnail", "facebook/thumbnails/100200_101_thumbnail.jpg")]
    public void KeyFor_SeedLayoutPageArchive_Seed002Folders(string slot, string expected) =>
        Assert.Equal(expected, Keys("SEED", pageArchive: true).KeyFor(new StorageOwner("acme", "facebook", "100200_101"), slot, Sha, "jpg"));

    [Fact]
    public void KeyFor_SeedLayoutPageArchiveInstagramPost_StillSeed000() =>
        Assert.Equal("acme/publicaciones_meta/1789.jpg", Keys("seed", pageArchive: true).KeyFor(new StorageOwner("acme", "instagram", "1789"), "media", Sha, "jpg"));

    [Theory]
    [InlineData("../etc", "x/../../y", "-.-etc/publicaciones_meta/x-..-..-y.jpg")]
    [InlineData("a/b", "..", "a-b/publicaciones_meta/-..jpg")]
    [InlineData("", "p q", "-/publicaciones_meta/p-q.jpg")]
    public void KeyFor_SeedLayoutHostileParts_NoFolderGainedOrLeft(string tenant, string postId, string expected)
    {
        var key = Keys("seed").KeyFor(new StorageOwner(tenant, "facebook", postId), "full_picture", Sha, "jpg");

        Assert.Equal(expected, key);
        Assert.Equal(3, key.Split('/').Length);
        Assert.DoesNotContain(key.Split('/'), segment => segment is "" or "." or "..");
    }

    [Fact]
    public void ThumbnailKeyFor_SeedLayoutPageArchive_ThumbnailsFolder() =>
        Assert.Equal("facebook/thumbnails/100200_101_thumb.jpg",
            Keys("seed", pageArchive: true).ThumbnailKeyFor(new StorageOwner("acme", "facebook", "100200_101"), "video", Sha, "jpg"));

    [Fact]
    public void ThumbnailKeyFor_HashLayout_TheThumbnailsOwnHash() =>
        Assert.Equal($"01/23/{Sha}.webp", Keys("hash").ThumbnailKeyFor(new StorageOwner("acme", "facebook", "1"), "video", Sha, "webp"));

    [Theory]
    [InlineData("acme/publicaciones_meta/100200_101.jpg", "acme/publicaciones_meta/100200_101-0123456789ab.jpg")]
    [InlineData("a.b/c", "a.b/c-0123456789ab")]
    public void Disambiguate_ReadableName_HashPrefixBeforeTheExtension(string key, string expected) =>
        Assert.Equal(expected, StorageKeys.Disambiguate(key, Sha));
}
