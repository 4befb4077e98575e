using Silo.Media.Archiving;
using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Insights.Creatives;

/// <summary>
/// Stores an ad creative's image, video and thumbnail through the same <see cref="MediaArchiver"/> as posts' media:
/// downloaded by the guarded client, hashed, probed, and stored once per SHA-256, so bytes a post (or another ad)
/// already stored are only pointed at. Object names follow the store's layout with the ad as the owner
/// (<c>{tenant}/meta_ads/{ad_id}_creative_{role}</c> in the seed layout).
/// </summary>
public sealed class CreativeArchiver(MediaArchiver archiver)
{
    public async Task<ArchivedCreative> ArchiveAsync(string tenant, string adId, AdCreative creative, CancellationToken cancellationToken)
    {
        var owner = new StorageOwner(tenant, MediaFileHolders.AdCreativeSource, adId);
        var files = new List<CreativeFile>();
        var newFiles = new List<StoredMediaFile>();
        foreach (var (role, url, kind) in creative.Media())
        {
            var item = new PostMedia { Slot = $"creative_{role}", Role = role, Kind = kind, OriginalUrl = url, Action = MediaAction.Download };
            var outcome = await archiver.ArchiveAsync(owner, item, cancellationToken);
            newFiles.AddRange(outcome.NewFiles);
            files.Add(new CreativeFile(role, url, item.Sha256!, item.StorageKey!, item.PublicUrl, item.MimeType!, item.Size ?? 0, item.Width, item.Height,
                item.DurationSeconds, item.PreviewSha256, item.PreviewUrl));
        }
        return new ArchivedCreative(creative, files, newFiles);
    }
}
