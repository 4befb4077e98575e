using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Gateway.Dashboard.Sections;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// The publishing module's figures (meter <c>Silo.Publishing</c>) from its tables
/// (sql/004_publishing.sql), cluster-wide (aggregate with max): clips by status
/// (<c>status="published"</c> is the publishes) and batches by status. Every status is reported,
/// zero included, so a series does not vanish when nothing is in it.
/// </summary>
internal sealed class PublishingMetrics
{
    public const string MeterName = "Silo.Publishing";

    private static readonly string[] ClipStatuses =
        ["pending", "uploading", "waiting_confirmation", "published", "scheduled", "failed", "unconfirmed", "skipped", "cancelled"];

    private static readonly string[] BatchStatuses = ["processing", "paused", "completed", "failed", "cancelled"];

    private readonly DatabaseReading<Figures> _reading;

    public PublishingMetrics(IMeterFactory meters, NpgsqlDataSource database, IOptions<MetricsOptions> options, ILogger<PublishingMetrics> logger)
    {
        _reading = new DatabaseReading<Figures>(database, ReadAsync, options.Value.DatabaseReadInterval, logger);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("silo_publish_clips", () => ByStatus(f => f.Clips),
            description: "Story clips by status; published ones are the publishes (cluster-wide).");
        meter.CreateObservableGauge("silo_publish_batches", () => ByStatus(f => f.Batches),
            description: "Publish batches by status (cluster-wide).");
    }

    private IEnumerable<Measurement<long>> ByStatus(Func<Figures, Dictionary<string, long>> select) =>
        _reading.Current() is { } figures
            ? [.. select(figures).Select(s => new Measurement<long>(s.Value, new KeyValuePair<string, object?>("status", s.Key)))]
            : [];

    private static async Task<Figures> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        new(await CountAsync(connection, "publish_batch_clips", ClipStatuses, cancellationToken),
            await CountAsync(connection, "publish_batches", BatchStatuses, cancellationToken));

    private static async Task<Dictionary<string, long>> CountAsync(NpgsqlConnection connection, string table, string[] statuses,
        CancellationToken cancellationToken)
    {
        var counts = statuses.ToDictionary(s => s, _ => 0L);
        foreach (var r in await SqlRows.ReadAsync(connection, $"select status, count(*) as n from {table} group by 1", cancellationToken))
            counts[(string)r["status"]!] = (long)r["n"]!;
        return counts;
    }

    private sealed record Figures(Dictionary<string, long> Clips, Dictionary<string, long> Batches);
}
