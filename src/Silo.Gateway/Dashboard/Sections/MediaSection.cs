using Npgsql;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// The Media section (issue 3's tables posts, media_files, alerts): posts by archive status, bytes
/// stored and saved by deduplication, the error rate against seed 000's 20% alert line, recent
/// failures and alerts. Column names are looked up among the likely spellings (see <see cref="TableShape"/>).
/// </summary>
internal sealed class MediaSection : IDashboardSection
{
    /// <summary>Seed 000: an alert is raised when more than 20% of downloads fail.</summary>
    public const double AlertErrorRate = 0.20;

    private static readonly string[] Tables = ["posts", "media_files", "alerts"];

    public string Name => "media";
    public TimeSpan MaxAge => TimeSpan.FromSeconds(5);

    public async Task<object> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var shape = await TableShape.ReadAsync(connection, Tables, cancellationToken);
        var missing = shape.Missing(Tables).ToList();
        if (missing.Count > 0) return new Unavailable(missing);

        var result = new Dictionary<string, object?> { ["available"] = true, ["alert_error_rate"] = AlertErrorRate };
        var status = shape.Column("posts", "status", "media_status");
        var counts = new Dictionary<string, long> { ["archived"] = 0, ["pending"] = 0, ["failed"] = 0, ["skipped"] = 0 };
        if (status is not null)
        {
            foreach (var row in await SqlRows.ReadAsync(connection, $"select {status}::text as status, count(*) as n from posts group by 1", cancellationToken))
            {
                var bucket = (row["status"] as string) switch
                {
                    "success" or "archived" or "done" => "archived",
                    "error" or "failed" => "failed",
                    "skipped" => "skipped",
                    _ => "pending",
                };
                counts[bucket] += (long)row["n"]!;
            }
            var decided = counts["archived"] + counts["failed"];
            result["error_rate"] = decided > 0 ? Math.Round((double)counts["failed"] / decided, 4) : 0;
        }
        result["posts"] = counts;

        var size = shape.Column("media_files", "size_bytes", "file_size", "size", "bytes");
        var refs = shape.Column("media_files", "reference_count", "ref_count", "references");
        if (size is not null)
        {
            var saved = refs is null ? "0" : $"coalesce(sum({size}::numeric * greatest({refs} - 1, 0)), 0)";
            result["storage"] = await SqlRows.ReadOneAsync(connection,
                $"select count(*) as files, coalesce(sum({size}::numeric), 0) as bytes_stored, {saved} as bytes_saved_by_dedup from media_files",
                cancellationToken);
        }

        var error = shape.Column("posts", "last_error", "media_last_error", "error");
        var changed = shape.Column("posts", "updated_at", "media_updated_at", "created_at");
        var postId = shape.Column("posts", "post_id", "id", "source_id");
        if (status is not null && error is not null && postId is not null && changed is not null)
            result["recent_failures"] = await SqlRows.ReadAsync(connection,
                $"select {postId}::text as post_id, {error}::text as error, {changed} as at from posts where {status}::text in ('error', 'failed') order by {changed} desc limit 10",
                cancellationToken);

        var raised = shape.Column("alerts", "raised_at", "created_at", "at", "time");
        var kind = shape.Column("alerts", "kind", "type");
        var message = shape.Column("alerts", "message", "text");
        var resolved = shape.Column("alerts", "resolved", "is_resolved");
        if (raised is not null && message is not null)
            result["alerts"] = await SqlRows.ReadAsync(connection,
                $"select {raised} as at, {(kind ?? "null")}::text as kind, {message}::text as message, {(resolved ?? "false")} as resolved from alerts order by {raised} desc limit 10",
                cancellationToken);
        return result;
    }
}
