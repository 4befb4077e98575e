namespace Silo.Simulators.SupabaseStorage;

/// <summary>A bucket as the simulator holds it: its id (which is also its name) and whether anyone may read its objects.</summary>
public sealed record SupabaseBucket(string Id, bool Public, DateTimeOffset CreatedAt);
