namespace Silo.Simulators.SupabaseStorage;

/// <summary>A stored object: where its bytes are on disk, and the metadata Storage keeps from the upload's headers.</summary>
public sealed record SupabaseObject(string Id, string Bucket, string Name, string FilePath, long Size, string ContentType, string CacheControl,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
