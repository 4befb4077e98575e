using Npgsql;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// The Publishing section (issue 4's tables publish_batches, publish_batch_clips): batches in
/// progress with each clip's status, clips left unconfirmed that wait for a person, and totals.
/// </summary>
internal sealed class PublishingSection : IDashboardSection
{
    private static readonly string[] Tables = ["publish_batches", "publish_batch_clips"];

    /// <summary>Batch statuses that are over: everything else is shown as active.</summary>
    private static readonly string[] Finished = ["completed", "failed", "cancelled", "canceled"];

    public string Name => "publishing";
    public TimeSpan MaxAge => TimeSpan.Zero;

    public async Task<object> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var shape = await TableShape.ReadAsync(connection, Tables, cancellationToken);
        var missing = shape.Missing(Tables).ToList();
        if (missing.Count > 0) return new Unavailable(missing);

        var batchId = shape.Column("publish_batches", "batch_id", "id");
        var status = shape.Column("publish_batches", "status");
        var created = shape.Column("publish_batches", "created_at") ?? "now()";
        var clipBatch = shape.Column("publish_batch_clips", "batch_id");
        var clipIndex = shape.Column("publish_batch_clips", "clip_index", "index", "position");
        var clipStatus = shape.Column("publish_batch_clips", "status");
        var clipTitle = shape.Column("publish_batch_clips", "clip_title", "title") ?? "null";
        var clipError = shape.Column("publish_batch_clips", "error_msg", "error", "last_error") ?? "null";
        if (batchId is null || status is null || clipBatch is null || clipIndex is null || clipStatus is null)
            return new Unavailable(["publish_batches(batch_id, status)", "publish_batch_clips(batch_id, clip_index, status)"]);

        var result = new Dictionary<string, object?> { ["available"] = true };
        result["batches_by_status"] = await SqlRows.ReadAsync(connection,
            $"select {status}::text as status, count(*) as n from publish_batches group by 1 order by 1", cancellationToken);

        var active = await SqlRows.ReadAsync(connection,
            $"""
            select b.{batchId}::text as batch_id, b.{status}::text as status, b.{created} as created_at,
                   coalesce(json_agg(json_build_object('index', c.{clipIndex}, 'status', c.{clipStatus}::text, 'title', c.{clipTitle}::text,
                                                       'error', c.{clipError}::text) order by c.{clipIndex})
                            filter (where c.{clipIndex} is not null), '[]')::text as clips
              from publish_batches b left join publish_batch_clips c on c.{clipBatch}::text = b.{batchId}::text
             where b.{status}::text <> all(@finished)
             group by 1, 2, 3 order by 3 desc limit 20
            """, cancellationToken, ("finished", Finished));
        foreach (var batch in active)
            batch["clips"] = System.Text.Json.Nodes.JsonNode.Parse((string)batch["clips"]!);
        result["active_batches"] = active;

        result["unconfirmed_clips"] = await SqlRows.ReadAsync(connection,
            $"""
            select {clipBatch}::text as batch_id, {clipIndex} as clip_index, {clipTitle}::text as title, {clipError}::text as error
              from publish_batch_clips where {clipStatus}::text = 'unconfirmed' order by 1, 2 limit 50
            """, cancellationToken);
        return result;
    }
}
