using Npgsql;
using Silo.Gateway.Dashboard.Sections;
using Silo.Hosting.Metrics;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// The publishing module's figures from its tables (sql/004_publishing.sql), cluster-wide (aggregate
/// with max): clips by status (<c>status="published"</c> is the publishes) and batches by status.
/// Every status is reported, zero included, so a series does not vanish when nothing is in it.
/// </summary>
internal sealed class PublishingMetricsSource(NpgsqlDataSource database) : IMetricsSource
{
    private static readonly string[] ClipStatuses =
        ["pending", "uploading", "waiting_confirmation", "published", "scheduled", "failed", "unconfirmed", "skipped", "cancelled"];

    private static readonly string[] BatchStatuses = ["processing", "paused", "completed", "failed", "cancelled"];

    public async Task CollectAsync(MetricsBuilder metrics, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var clips = ClipStatuses.ToDictionary(s => s, _ => 0L);
        foreach (var r in await SqlRows.ReadAsync(connection, "select status, count(*) as n from publish_batch_clips group by 1", cancellationToken))
            clips[(string)r["status"]!] = (long)r["n"]!;
        foreach (var (status, n) in clips)
            metrics.Gauge("silo_publish_clips", "Story clips by status; published ones are the publishes (cluster-wide).", n, ("status", status));

        var batches = BatchStatuses.ToDictionary(s => s, _ => 0L);
        foreach (var r in await SqlRows.ReadAsync(connection, "select status, count(*) as n from publish_batches group by 1", cancellationToken))
            batches[(string)r["status"]!] = (long)r["n"]!;
        foreach (var (status, n) in batches)
            metrics.Gauge("silo_publish_batches", "Publish batches by status (cluster-wide).", n, ("status", status));
    }
}
