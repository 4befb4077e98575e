using Npgsql;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// The Publishing section (sql/004_publishing.sql): batches by status, the batches still processing
/// or paused with each clip's status in order, and the unconfirmed clips that wait for a person to
/// resume (look the clip up again) or skip it. A tenant sees its own batches.
/// </summary>
internal sealed class PublishingSection : IDashboardSection
{
    public string Name => "publishing";
    public TimeSpan MaxAge => TimeSpan.Zero;

    public async Task<object> ReadAsync(NpgsqlConnection connection, string? tenant, CancellationToken cancellationToken)
    {
        var active = await SqlRows.ReadAsync(connection, """
            select b.batch_id, b.status, b.publish_mode, b.account_id, b.created_at, b.total_clips, b.published_clips, b.failed_clips,
                   coalesce(json_agg(json_build_object('index', c.clip_index, 'status', c.status, 'title', c.clip_title, 'error', c.error_msg)
                                     order by c.clip_index) filter (where c.clip_index is not null), '[]')::text as clips
              from publish_batches b left join publish_batch_clips c on c.batch_id = b.batch_id
             where b.status in ('processing', 'paused') and (@tenant is null or b.tenant = @tenant)
             group by b.batch_id order by b.created_at desc limit 20
            """, cancellationToken, SqlRows.Tenant(tenant));
        foreach (var batch in active)
            batch["clips"] = System.Text.Json.Nodes.JsonNode.Parse((string)batch["clips"]!);

        return new Dictionary<string, object?>
        {
            ["batches_by_status"] = await SqlRows.ReadAsync(connection,
                "select status, count(*) as n from publish_batches where @tenant is null or tenant = @tenant group by 1 order by 1",
                cancellationToken, SqlRows.Tenant(tenant)),
            ["active_batches"] = active,
            ["unconfirmed_clips"] = await SqlRows.ReadAsync(connection, """
                select c.batch_id, c.clip_index, c.clip_title as title, c.error_msg as error, b.status as batch_status
                  from publish_batch_clips c join publish_batches b on b.batch_id = c.batch_id
                 where c.status = 'unconfirmed' and (@tenant is null or b.tenant = @tenant)
                 order by c.updated_at, c.batch_id, c.clip_index limit 50
                """, cancellationToken, SqlRows.Tenant(tenant)),
        };
    }
}
