using Npgsql;

namespace Silo.Media.Posts;

public sealed partial class MediaQueries
{
    /// <summary>
    /// Seed 002's figures over <paramref name="tenant"/>'s posts (every post when null). A post has a local image when one of
    /// its items is an archived image (what <c>hasLocalImage</c> says on the post); attachments are the attachment,
    /// subattachment and carousel-child items, stored locally once archived; thumbnails are the <c>thumbnail</c> items.
    /// </summary>
    public async Task<MediaStatsBreakdown> BreakdownAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var total = await GroupsAsync(connection, "''", tenant, cancellationToken);
        var byTenant = await GroupsAsync(connection, "p.tenant", tenant, cancellationToken);
        var bySource = await GroupsAsync(connection, "p.source", tenant, cancellationToken);
        return new MediaStatsBreakdown(
            total.Count > 0 ? total[0] with { Tenant = null, Source = null } : new MediaBreakdown(null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0),
            byTenant.Select(g => g with { Source = null }).ToList(),
            bySource.Select(g => g with { Source = g.Tenant, Tenant = null }).ToList());
    }

    /// <summary>One row per group; <paramref name="group"/> is one of three fixed expressions above, never user input.</summary>
    private static async Task<List<MediaBreakdown>> GroupsAsync(NpgsqlConnection connection, string group, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            with p as (select post_id, {group} as grp from posts p where @tenant::text is null or p.tenant = @tenant),
            items as (
                select p.grp, p.post_id, m.role, split_part(m.slot, ':', 1) as slot_kind, m.sha256,
                       m.public_url is not null and m.mime_type like 'image/%' as local_image
                  from p join post_media m on m.post_id = p.post_id
            ),
            post_counts as (
                select p.grp, count(*) as posts,
                       count(*) filter (where exists (select 1 from items i where i.post_id = p.post_id and i.local_image)) as with_local_image
                  from p group by p.grp
            ),
            item_counts as (
                select grp,
                       count(*) filter (where slot_kind in ('attachment', 'subattachment', 'child')) as attachments,
                       count(*) filter (where slot_kind in ('attachment', 'subattachment', 'child') and sha256 is not null) as attachments_local,
                       count(*) filter (where role = 'thumbnail') as thumbnails,
                       count(*) filter (where role = 'thumbnail' and sha256 is not null) as thumbnails_local
                  from items group by grp
            ),
            file_counts as (
                select grp, count(*) as files, coalesce(sum(size), 0)::bigint as bytes
                  from (select distinct i.grp, f.sha256, f.size from items i join media_files f on f.sha256 = i.sha256) d
                 group by grp
            )
            select pc.grp, pc.posts, pc.with_local_image, coalesce(ic.attachments, 0), coalesce(ic.attachments_local, 0),
                   coalesce(ic.thumbnails, 0), coalesce(ic.thumbnails_local, 0), coalesce(fc.files, 0), coalesce(fc.bytes, 0)
              from post_counts pc left join item_counts ic using (grp) left join file_counts fc using (grp)
             order by pc.grp
            """, connection);
        command.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        var groups = new List<MediaBreakdown>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var bytes = reader.GetInt64(8);
            groups.Add(new MediaBreakdown(reader.GetString(0), null, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), bytes, Math.Round(bytes / 1048576.0, 1)));
        }
        return groups;
    }
}
