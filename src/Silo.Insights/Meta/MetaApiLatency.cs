using System.Diagnostics.Metrics;

namespace Silo.Insights.Meta;

/// <summary>
/// Seed 004's "API latency" for the Marketing API: each HTTP exchange with the Graph API (every retry
/// counted on its own), in seconds, by method and outcome (<c>2xx</c>, <c>4xx</c>, <c>5xx</c> or
/// <c>error</c> when no answer came). Meter <c>Silo.Insights</c>, exported by <c>/metrics</c>.
/// </summary>
public sealed class MetaApiLatency
{
    public const string MeterName = "Silo.Insights";
    public const string InstrumentName = "silo_insights_meta_api_duration_seconds";

    private readonly Histogram<double> _duration;

    public MetaApiLatency(IMeterFactory meters)
    {
        _duration = meters.Create(MeterName).CreateHistogram(InstrumentName, unit: null,
            description: "Duration of each Graph Marketing API request, in seconds.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public void Record(TimeSpan elapsed, string method, int? status) =>
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("outcome", status is { } s ? $"{s / 100}xx" : "error"));
}
