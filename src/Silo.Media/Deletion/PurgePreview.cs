namespace Silo.Media.Deletion;

/// <summary>What a purge of a tenant (or of one of its sources) would delete now, and its last purge if one was started.</summary>
public sealed record PurgePreview(string Tenant, string? Source, long Posts, PurgeView? Purge);
