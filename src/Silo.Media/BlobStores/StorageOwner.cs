namespace Silo.Media.BlobStores;

/// <summary>The post a stored file belongs to, as far as its object name is concerned.</summary>
public sealed record StorageOwner(string Tenant, string Source, string SourcePostId);
