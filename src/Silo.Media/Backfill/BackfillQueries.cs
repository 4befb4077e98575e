using Npgsql;

namespace Silo.Media.Backfill;

/// <summary>What the API, the dashboard and /metrics read about history walks: plain SQL over the tables the walk grains write.</summary>
public sealed class BackfillQueries(NpgsqlDataSource database)
{
    public async Task<BackfillView?> GetAsync(string source, string accountId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(BackfillSql.ViewOne);
        command.Parameters.AddWithValue("id", BackfillIds.Key(source, accountId));
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Walks running or paused, or whose posts are still being archived (at most 50, newest first); <paramref name="tenant"/> null: all.</summary>
    public async Task<IReadOnlyList<BackfillView>> ActiveAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(BackfillSql.ViewActive);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The same (<paramref name="tenant"/> null: all), on a connection the caller holds (the dashboard's section readers).</summary>
    public static async Task<IReadOnlyList<BackfillView>> ActiveAsync(NpgsqlConnection connection, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(BackfillSql.ViewActive, connection);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<List<BackfillView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var views = new List<BackfillView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            views.Add(new BackfillView(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5),
                Time(reader, 6), Time(reader, 7), reader.GetInt32(8), reader.GetInt32(9),
                reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(13),
                Time(reader, 14), Time(reader, 15), reader.GetInt32(16), Time(reader, 17), reader.IsDBNull(18) ? null : reader.GetInt32(18),
                reader.IsDBNull(19) ? null : reader.GetString(19), reader.GetFieldValue<DateTimeOffset>(20), Time(reader, 21),
                reader.GetFieldValue<DateTimeOffset>(22)));
        return views;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
