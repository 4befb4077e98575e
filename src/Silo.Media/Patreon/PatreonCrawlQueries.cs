using Npgsql;

namespace Silo.Media.Patreon;

/// <summary>What the API, the dashboard, /metrics and the crawl's phase 2 read: plain SQL over the tables the crawl grains write.</summary>
public sealed class PatreonCrawlQueries(NpgsqlDataSource database)
{
    public async Task<PatreonCrawlView?> GetAsync(string campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(PatreonCrawlSql.ViewOne, connection) { Parameters = { new("id", campaignId) } };
        var view = (await ReadAsync(command, cancellationToken)).FirstOrDefault();
        if (view is null) return null;
        await using var collections = new NpgsqlCommand(PatreonCrawlSql.Collections, connection) { Parameters = { new("id", campaignId), new("run", view.Run) } };
        var groups = new List<PatreonCollection>();
        await using (var reader = await collections.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                groups.Add(new PatreonCollection(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt64(3)));
        return view with { Collections = groups };
    }

    /// <summary>
    /// Crawls going on or still archiving (at most 50, newest first) of <paramref name="tenant"/> (null: every tenant's), on a
    /// connection the caller holds (the dashboard's section readers).
    /// </summary>
    public static async Task<IReadOnlyList<PatreonCrawlView>> ActiveAsync(NpgsqlConnection connection, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PatreonCrawlSql.ViewActive, connection);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Phase 2's next post of the run: the first listed whose details are not read yet (null: none left).</summary>
    public async Task<string?> NextListedAsync(string campaignId, int run, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(PatreonCrawlSql.NextListed);
        command.Parameters.AddWithValue("id", campaignId);
        command.Parameters.AddWithValue("run", run);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<List<PatreonCrawlView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var views = new List<PatreonCrawlView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            views.Add(new PatreonCrawlView(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt64(10), reader.GetInt64(11),
                reader.GetInt64(12), reader.GetInt32(13), Time(reader, 14), reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.GetFieldValue<DateTimeOffset>(16), Time(reader, 17), reader.GetFieldValue<DateTimeOffset>(18)));
        return views;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
