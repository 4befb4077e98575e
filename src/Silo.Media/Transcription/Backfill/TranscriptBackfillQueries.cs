using Npgsql;
using NpgsqlTypes;

namespace Silo.Media.Transcription.Backfill;

/// <summary>
/// What transcript backfills read: the files still without a transcript (for the grain), and each backfill's progress
/// (for the API, the dashboard and /metrics), plain SQL over the tables the grains write.
/// </summary>
public sealed class TranscriptBackfillQueries(NpgsqlDataSource database)
{
    /// <summary>How many of the tenant's (source's) archived video and audio files have no transcript.</summary>
    public async Task<int> UntranscribedCountAsync(string tenant, string? source, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(TranscriptBackfillSql.UntranscribedCount);
        AddScope(command, tenant, source);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Up to <paramref name="limit"/> files without a transcript whose SHA-256 comes after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<TranscriptCandidate>> UntranscribedAsync(string tenant, string? source, string? after, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(TranscriptBackfillSql.UntranscribedPage);
        AddScope(command, tenant, source);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = (object?)after ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var files = new List<TranscriptCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            files.Add(new TranscriptCandidate(reader.GetString(0), new TranscriptRequest(reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetBoolean(5))));
        return files;
    }

    /// <summary>Files run <paramref name="run"/> of the backfill handed on that are still waiting for or in transcription.</summary>
    public async Task<int> InFlightAsync(string id, int run, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(TranscriptBackfillSql.InFlight);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("run", run);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<TranscriptBackfillView?> GetAsync(string tenant, string? source, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(TranscriptBackfillSql.ViewOne);
        command.Parameters.AddWithValue("id", TranscriptBackfillIds.Key(tenant, source));
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Backfills running or with files in transcription (at most 50, newest first), on a connection the caller holds; <paramref name="tenant"/> null: all.</summary>
    public static async Task<IReadOnlyList<TranscriptBackfillView>> ActiveAsync(NpgsqlConnection connection, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TranscriptBackfillSql.ViewActive, connection);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        return await ReadAsync(command, cancellationToken);
    }

    private static void AddScope(NpgsqlCommand command, string tenant, string? source)
    {
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value });
    }

    private static async Task<List<TranscriptBackfillView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var views = new List<TranscriptBackfillView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            views.Add(new TranscriptBackfillView(reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.GetInt32(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10),
                Time(reader, 11), Text(reader, 12), reader.GetFieldValue<DateTimeOffset>(13), Time(reader, 14), reader.GetFieldValue<DateTimeOffset>(15)));
        return views;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
