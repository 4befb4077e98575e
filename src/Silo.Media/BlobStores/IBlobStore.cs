namespace Silo.Media.BlobStores;

/// <summary>
/// Durable storage for archived media, addressed by content: a key names one content forever, so a
/// put repeated after a crash, or by two posts at once, stores the same bytes once.
/// </summary>
public interface IBlobStore
{
    /// <summary><c>filesystem</c> or <c>s3</c>, for stats and logs.</summary>
    string Name { get; }

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores the file at <paramref name="filePath"/> under <paramref name="key"/>; a key already stored is left as it is.
    /// Throws <see cref="BlobStoreUnavailableException"/> when the store cannot take it.</summary>
    Task PutFileAsync(string key, string filePath, string contentType, CancellationToken cancellationToken);

    /// <summary>Where a browser fetches the stored object.</summary>
    string PublicUrl(string key);
}
