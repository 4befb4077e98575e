using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Silo.Hosting.Hosting;

namespace Silo.Media.Posts;

/// <summary>What the API reads: plain SQL over the tables the post grains write.</summary>
public sealed partial class MediaQueries(NpgsqlDataSource database, DisplayImage display, [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    /// <summary>
    /// Storage figures over the files <paramref name="tenant"/>'s posts reference (every file when null):
    /// a tenant sees its own files, references and dedup savings, never another tenant's.
    /// </summary>
    public async Task<MediaStats> StatsAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // A null tenant counts every file with the stored reference counts; a tenant counts its own references.
        await using var files = new NpgsqlCommand("""
            with refs as (
                select f.sha256, f.size,
                       case when @tenant::text is null then f.reference_count
                            else (select count(*) from post_media m join posts p on p.post_id = m.post_id
                                   where m.sha256 = f.sha256 and p.tenant = @tenant)::int end as refs_count
                  from media_files f
            )
            select count(*), coalesce(sum(size), 0)::bigint, coalesce(sum(size * greatest(refs_count - 1, 0)), 0)::bigint,
                   coalesce(sum(refs_count), 0)::bigint
              from refs where @tenant::text is null or refs_count > 0
            """, connection);
        files.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        await using var reader = await files.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (count, bytes, saved, references) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        await reader.CloseAsync();
        await using var transcripts = new NpgsqlCommand($"select count(*) * 2, coalesce(sum(text_size + vtt_size), 0)::bigint from ({TranscriptFileSizes}) t", connection);
        transcripts.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        await using var transcriptReader = await transcripts.ExecuteReaderAsync(cancellationToken);
        await transcriptReader.ReadAsync(cancellationToken);
        var (transcriptFiles, transcriptBytes) = (transcriptReader.GetInt64(0), transcriptReader.GetInt64(1));
        await transcriptReader.CloseAsync();
        await using var statuses = new NpgsqlCommand(
            "select status, count(*) from posts where @tenant::text is null or tenant = @tenant group by status", connection);
        statuses.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        var byStatus = PostStatus.All.ToDictionary(s => s, _ => 0L);
        await using var statusReader = await statuses.ExecuteReaderAsync(cancellationToken);
        while (await statusReader.ReadAsync(cancellationToken)) byStatus[statusReader.GetString(0)] = statusReader.GetInt64(1);
        await statusReader.CloseAsync();
        return new MediaStats(count + transcriptFiles, bytes + transcriptBytes, saved, references, byStatus, await BreakdownAsync(tenant, cancellationToken),
            transcriptFiles, transcriptBytes);
    }

    /// <summary>Alerts, newest first: <paramref name="tenant"/>'s and the cluster's (<c>*</c>); every tenant's when it is null.</summary>
    public async Task<IReadOnlyList<AlertView>> AlertsAsync(string? tenant, bool? resolved, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select id, kind, message, created_at, resolved, resolved_at, tenant from alerts
             where (@resolved::boolean is null or resolved = @resolved) and (@tenant::text is null or tenant in (@tenant, '*'))
             order by created_at desc, id desc limit @limit
            """);
        command.Parameters.AddWithValue("resolved", (object?)resolved ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var alerts = new List<AlertView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            alerts.Add(new AlertView(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetBoolean(4), Time(reader, 5), reader.GetString(6)));
        return alerts;
    }

    /// <summary>
    /// Resolves an open alert of <paramref name="tenant"/> (any tenant's, the cluster's included, when it is null); false
    /// when there is none: another tenant's alert, and the cluster's for a tenant's key, are left as they are.
    /// </summary>
    public async Task<bool> ResolveAlertAsync(long id, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "update alerts set resolved = true, resolved_at = now() where id = @id and not resolved and (@tenant::text is null or tenant = @tenant)");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
