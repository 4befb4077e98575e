namespace Silo.Media.Posts;

/// <summary>Which posts hold a stored file: what <c>/media/{key}</c> checks before it serves anything.</summary>
public sealed partial class MediaQueries
{
    /// <summary>The holders of the file stored under <paramref name="key"/>; null when Silo stored nothing under it.</summary>
    public Task<MediaFileHolders?> FileHoldersAsync(string key, CancellationToken cancellationToken) =>
        MediaFileRows.HoldersAsync(database, key, cancellationToken);
}
