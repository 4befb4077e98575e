using System.Text.Json.Serialization;

namespace Silo.Insights.Sync;

/// <summary>Seed 004's per-level counters in a sync report, with the rows the level's refreshes inserted and updated.</summary>
public sealed record EntityCounts(
    [property: JsonPropertyName("processed")] int Processed,
    [property: JsonPropertyName("success")] int Success,
    [property: JsonPropertyName("errors")] int Errors,
    [property: JsonPropertyName("rows_inserted")] long RowsInserted = 0,
    [property: JsonPropertyName("rows_updated")] long RowsUpdated = 0);
