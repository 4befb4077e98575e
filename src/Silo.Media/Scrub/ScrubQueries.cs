using Npgsql;
using Silo.Media.Transcription;

namespace Silo.Media.Scrub;

/// <summary>Reads for the scrub's steps (the files and transcripts to check, the listed keys no row names) and for its reports.</summary>
public sealed class ScrubQueries(NpgsqlDataSource database)
{
    /// <summary>The next files of <paramref name="backend"/>'s store after <paramref name="after"/>: rows of a store no longer in use
    /// (a move between backends) are not this store's to judge.</summary>
    public async Task<List<ScrubFileRow>> FilesPageAsync(string backend, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.FilesPage);
        command.Parameters.Add(new NpgsqlParameter<string>("backend", backend));
        command.Parameters.Add(new NpgsqlParameter<string?>("after", after));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ScrubFileRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new ScrubFileRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3)));
        return rows;
    }

    /// <summary>The next done transcripts of <paramref name="backend"/>'s store after <paramref name="after"/>, with their stored parts.</summary>
    public async Task<List<ScrubTranscriptRow>> TranscriptsPageAsync(string backend, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.TranscriptsPage);
        command.Parameters.Add(new NpgsqlParameter<string>("backend", backend));
        command.Parameters.Add(new NpgsqlParameter<string?>("after", after));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ScrubTranscriptRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new ScrubTranscriptRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                TranscriptStorage.PartsOf(reader.GetString(4))));
        return rows;
    }

    public async Task<List<(string Key, long Size)>> UnknownKeysAsync(IReadOnlyList<(string Key, long Size)> listed, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.UnknownKeys);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. listed.Select(l => l.Key)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("sizes", [.. listed.Select(l => l.Size)]));
        command.Parameters.Add(new NpgsqlParameter<string>("exports", Export.ExportIds.Folder));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var unknown = new List<(string, long)>();
        while (await reader.ReadAsync(cancellationToken)) unknown.Add((reader.GetString(0), reader.GetInt64(1)));
        return unknown;
    }

    public async Task<List<string>> HolderTenantsAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.HolderTenants);
        command.Parameters.Add(new NpgsqlParameter<string>("sha256", sha256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tenants = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) tenants.Add(reader.GetString(0));
        return tenants;
    }

    /// <summary>The latest runs, newest first, with the findings <paramref name="tenant"/> may see counted.</summary>
    public async Task<List<ScrubRunView>> RunsAsync(string tenant, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.RunsList);
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<ScrubRunView>();
        while (await reader.ReadAsync(cancellationToken))
            runs.Add(new ScrubRunView(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetInt64(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), (int)reader.GetInt64(10), (int)reader.GetInt64(11),
                (int)reader.GetInt64(12), (int)reader.GetInt64(13), (int)reader.GetInt64(14), (int)reader.GetInt64(15)));
        return runs;
    }

    public async Task<bool> RunExistsAsync(int run, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.RunExists);
        command.Parameters.Add(new NpgsqlParameter<int>("run", run));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A run's findings <paramref name="tenant"/> may see, optionally of one kind.</summary>
    public async Task<List<ScrubFindingView>> FindingsAsync(string tenant, int run, string? kind, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.FindingsList);
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant));
        command.Parameters.Add(new NpgsqlParameter<int>("run", run));
        command.Parameters.Add(new NpgsqlParameter<string?>("kind", kind));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var findings = new List<ScrubFindingView>();
        while (await reader.ReadAsync(cancellationToken))
            findings.Add(new ScrubFindingView(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? [] : reader.GetFieldValue<string[]>(7)));
        return findings;
    }
}
