namespace Silo.Simulators.SupabaseStorage;

/// <summary>One request the simulator received: its route, the headers a test checks, and the status it answered.</summary>
/// <param name="ContentLength">The upload's declared length; null for a chunked body (a client that did not know the size).</param>
public sealed record SupabaseStorageRequest(string Method, string Path, string Operation, bool Authorized, string? Upsert, long? ContentLength,
    string? ContentType, string? CacheControl, int Status);
