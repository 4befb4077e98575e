using System.Text.Json.Serialization;

namespace Silo.Insights.Sync;

/// <summary>
/// Seed 004's sync report. <c>status</c> is <c>running</c> while a manual run still waits for some of
/// its entities (rate-limited ones finish after access is regained); scheduled runs have no expected count.
/// </summary>
public sealed record SyncReport(
    [property: JsonPropertyName("sync_id")] Guid SyncId,
    [property: JsonPropertyName("sync_timestamp")] DateTimeOffset SyncTimestamp,
    [property: JsonPropertyName("sync_type")] string SyncType,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("days_back")] int DaysBack,
    [property: JsonPropertyName("campaigns")] EntityCounts Campaigns,
    [property: JsonPropertyName("adsets")] EntityCounts AdSets,
    [property: JsonPropertyName("ads")] EntityCounts Ads,
    [property: JsonPropertyName("total_duration_seconds")] double TotalDurationSeconds,
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("expected_entities")] int? ExpectedEntities,
    [property: JsonPropertyName("rows_upserted")] long RowsUpserted);
