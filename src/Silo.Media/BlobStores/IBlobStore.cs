namespace Silo.Media.BlobStores;

/// <summary>
/// Durable storage for archived media. Whether a content is stored again is decided by its SHA-256
/// (<c>media_files</c>), not by the store: a key is written once per content, and a put repeated
/// after a crash writes the same bytes under the same key again.
/// </summary>
public interface IBlobStore
{
    /// <summary><c>filesystem</c>, <c>s3</c>, <c>azure</c> or <c>supabase</c>, for stats and logs.</summary>
    string Name { get; }

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores the file at <paramref name="filePath"/> under <paramref name="key"/>, streaming it (never whole in memory);
    /// an object already under the key is replaced. Throws <see cref="BlobStoreFullException"/> when the store reports it is
    /// full, <see cref="BlobStoreUnavailableException"/> when it cannot take the file for any other reason.</summary>
    Task PutFileAsync(string key, string filePath, string contentType, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or null when nothing is stored under <paramref name="key"/>. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the object; a key with nothing stored is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object the store holds, read from the store a page at a time (never all in memory), in no promised order;
    /// the integrity scrub compares it with <c>media_files</c> to find objects no row names.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(CancellationToken cancellationToken);

    /// <summary>Where a browser fetches the stored object.</summary>
    string PublicUrl(string key);
}
