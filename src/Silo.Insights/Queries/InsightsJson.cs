using System.Text.Json;

namespace Silo.Insights.Queries;

/// <summary>Seed 004's responses are snake_case (<c>total_campaigns</c>, <c>global_metrics</c>).</summary>
public static class InsightsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
