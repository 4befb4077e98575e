using Npgsql;
using Silo.Gateway.Dashboard.Sections;
using Silo.Hosting.Metrics;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// The media module's figures, read from its tables (sql/003_media.sql) so every node reports the
/// same cluster-wide values (aggregate with max, not sum): archive attempts by outcome (a counter:
/// media_attempts is append-only), posts by status, files and bytes stored, bytes the archived media
/// references, and deduplication hits (references beyond a file's first) with the bytes they saved.
/// </summary>
internal sealed class MediaMetricsSource(NpgsqlDataSource database) : IMetricsSource
{
    private const string Sql = """
        select (select count(*) from media_attempts where succeeded) as attempts_ok,
               (select count(*) from media_attempts where not succeeded) as attempts_failed,
               (select count(*) from media_files) as files,
               (select coalesce(sum(size), 0) from media_files)::float8 as stored_bytes,
               (select coalesce(sum(greatest(reference_count - 1, 0)), 0) from media_files)::float8 as dedup_hits,
               (select coalesce(sum(size::numeric * greatest(reference_count - 1, 0)), 0) from media_files)::float8 as dedup_saved_bytes,
               (select coalesce(sum(size), 0) from post_media where status = 'success')::float8 as archived_bytes
        """;

    private static readonly string[] PostStatuses = ["pending", "downloading", "success", "error", "skipped"];

    public async Task CollectAsync(MetricsBuilder metrics, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await SqlRows.ReadOneAsync(connection, Sql, cancellationToken);
        double Get(string name) => Convert.ToDouble(row[name], System.Globalization.CultureInfo.InvariantCulture);

        const string attempts = "Archive attempts (one post's media downloaded and stored), by outcome (cluster-wide).";
        metrics.Counter("silo_media_archive_attempts_total", attempts, Get("attempts_ok"), ("outcome", "success"));
        metrics.Counter("silo_media_archive_attempts_total", attempts, Get("attempts_failed"), ("outcome", "failure"));
        metrics.Gauge("silo_media_files", "Distinct files stored, one per SHA-256 (cluster-wide).", Get("files"));
        metrics.Gauge("silo_media_stored_bytes", "Bytes stored in the blob store, each file once (cluster-wide).", Get("stored_bytes"));
        metrics.Gauge("silo_media_archived_bytes", "Bytes of archived media as downloaded, before deduplication (cluster-wide).", Get("archived_bytes"));
        metrics.Gauge("silo_media_dedup_hits", "Downloads whose content was already stored (references beyond each file's first, cluster-wide).", Get("dedup_hits"));
        metrics.Gauge("silo_media_dedup_saved_bytes", "Bytes not stored again thanks to deduplication (cluster-wide).", Get("dedup_saved_bytes"));

        var posts = PostStatuses.ToDictionary(s => s, _ => 0L);
        foreach (var r in await SqlRows.ReadAsync(connection, "select status, count(*) as n from posts group by 1", cancellationToken))
            posts[(string)r["status"]!] = (long)r["n"]!;
        foreach (var (status, n) in posts)
            metrics.Gauge("silo_media_posts", "Posts by archive status (cluster-wide).", n, ("status", status));
    }
}
