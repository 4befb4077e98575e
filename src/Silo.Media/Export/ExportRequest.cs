namespace Silo.Media.Export;

/// <summary>What to export: one tenant's posts, of one source or all, created from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive).</summary>
[GenerateSerializer, Immutable, Alias("silo.media.ExportRequest")]
public sealed record ExportRequest(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string? Source,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To);
