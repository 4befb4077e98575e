using Npgsql;
using Silo.Hosting.Storage;

namespace Silo.Media.Deletion;

/// <summary>Reads the deletions' audit lines, newest first, and what a purge would delete, for the API and the dashboard.</summary>
public sealed class DeletionQueries(NpgsqlDataSource database)
{
    /// <summary>The newest <paramref name="limit"/> lines of <paramref name="tenant"/> (null: every tenant's).</summary>
    public async Task<IReadOnlyList<DeletionLine>> ListAsync(string? tenant, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select id, post_id, tenant, source, actor, reason, files, deleted_at
              from post_deletions where @tenant::text is null or tenant = @tenant order by id desc limit @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string?>("tenant", tenant));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<DeletionLine>();
        var row = new ColumnReader(reader);
        while (await reader.ReadAsync(cancellationToken))
            lines.Add(new DeletionLine(row.Get<long>("id"), row.Get<string>("post_id"), row.Get<string>("tenant"), row.Get<string>("source"),
                row.Get<string>("actor"), row.Get<string>("reason"), row.Get<int>("files"), row.Get<DateTimeOffset>("deleted_at")));
        return lines;
    }

    /// <summary>How many posts <paramref name="tenant"/> holds (of <paramref name="source"/>; null: of every source): what a purge would delete.</summary>
    public async Task<long> PostCountAsync(string tenant, string? source, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select count(*) from posts where tenant = @tenant and (@source::text is null or source = @source)");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant));
        command.Parameters.Add(new NpgsqlParameter<string?>("source", source));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
