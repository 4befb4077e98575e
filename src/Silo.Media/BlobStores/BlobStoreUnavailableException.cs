namespace Silo.Media.BlobStores;

/// <summary>The blob store could not take a file: unwritable, full or unreachable. Raises an alert; the post retries.</summary>
public class BlobStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
