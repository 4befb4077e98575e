using System.Text.Json.Serialization;

namespace Silo.Insights.Sync;

/// <summary>
/// POST /meta/insights/sync-now (seed 004). With <c>entity_ids</c>: those entities and their active
/// descendants (a campaign brings its ad sets and ads); <c>entity_type</c>, if given, is the type of
/// those ids. Without ids: every active entity, of <c>entity_type</c> only when given.
/// </summary>
public sealed record SyncNowRequest(
    [property: JsonPropertyName("days_back")] int? DaysBack,
    [property: JsonPropertyName("force")] bool? Force,
    [property: JsonPropertyName("entity_ids")] IReadOnlyList<string>? EntityIds,
    [property: JsonPropertyName("entity_type")] string? EntityType);
