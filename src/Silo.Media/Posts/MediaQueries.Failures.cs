using Npgsql;

namespace Silo.Media.Posts;

/// <summary>Posts in error grouped by reason (<see cref="FailureReasons"/>), for the failures view and its bulk retry.</summary>
public sealed partial class MediaQueries
{
    public async Task<IReadOnlyList<FailureGroup>> FailuresAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            select reason, count(*), array_agg(distinct coalesce(error_type, 'unknown')),
                   (array_agg(post_id order by updated_at desc, post_id))[1:5]
              from (select p.post_id, p.updated_at, p.last_error->>'type' as error_type, {FailureReasons.Sql} as reason
                      from posts p where p.status = 'error' and (@tenant::text is null or p.tenant = @tenant)) failed
             group by reason order by count(*) desc, reason
            """);
        command.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        var groups = new List<FailureGroup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var reason = reader.GetString(0);
            groups.Add(new FailureGroup(reason, FailureReasons.Labels[reason], reader.GetInt64(1),
                reader.GetFieldValue<string[]>(2), reader.GetFieldValue<string[]>(3)));
        }
        return groups;
    }

    /// <summary>The posts in error for a reason, oldest change first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> FailedPostIdsAsync(string? tenant, string reason, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            select p.post_id from posts p
             where p.status = 'error' and (@tenant::text is null or p.tenant = @tenant) and {FailureReasons.Sql} = @reason
             order by p.updated_at, p.post_id limit @limit
            """);
        command.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }
}
