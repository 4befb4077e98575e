using System.Text.Json.Serialization;

namespace Silo.Media.BlobStores;

/// <summary>One entry of Storage's list answer: an object (with an id and its metadata) or a folder (id and metadata null).</summary>
internal sealed record SupabaseListEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("metadata")] SupabaseListMetadata? Metadata);

/// <summary>The part of an object's metadata the listing uses.</summary>
internal sealed record SupabaseListMetadata([property: JsonPropertyName("size")] long? Size);
