namespace Silo.Media.BlobStores;

/// <summary>
/// The store answered that it is full (ENOSPC or a disk quota on the filesystem, an insufficient-storage
/// or quota answer from S3 or Azure): its own alert, since only a person freeing space or raising a quota
/// fixes it. The post keeps its attempts and retries like any other store failure.
/// </summary>
public sealed class BlobStoreFullException(string message, Exception? inner = null) : BlobStoreUnavailableException(message, inner);
