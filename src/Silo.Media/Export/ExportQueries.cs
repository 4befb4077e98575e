using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Silo.Media.Export;

/// <summary>What exports read: the posts an export walks (for the grain), and each export's progress (for the API and the storage page).</summary>
public sealed class ExportQueries(NpgsqlDataSource database, IOptions<ExportOptions> options)
{
    public async Task<int> CountAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ExportSql.PostsCount);
        AddScope(command, request);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Up to <paramref name="limit"/> matching post ids after <paramref name="after"/>, in post id order.</summary>
    public async Task<IReadOnlyList<string>> NextPostsAsync(ExportRequest request, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ExportSql.PostsPage);
        AddScope(command, request);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = (object?)after ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    public async Task<ExportView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ExportSql.ViewOne);
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The newest exports of <paramref name="tenant"/> (null: every tenant's).</summary>
    public async Task<IReadOnlyList<ExportView>> RecentAsync(string? tenant, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ExportSql.ViewRecent);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    private static void AddScope(NpgsqlCommand command, ExportRequest request)
    {
        command.Parameters.AddWithValue("tenant", request.Tenant);
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = (object?)request.Source ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)request.From ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)request.To ?? DBNull.Value });
    }

    /// <summary>Up to <paramref name="limit"/> ended exports that finished before <paramref name="cutoff"/>, oldest first.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ExportSql.Due);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", cutoff));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    private async Task<List<ExportView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var views = new List<ExportView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            views.Add(new ExportView(reader.GetString(0), reader.GetString(1), Text(reader, 2), Time(reader, 3), Time(reader, 4), reader.GetString(5),
                reader.GetString(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt64(9), reader.GetInt32(10), reader.GetInt64(11),
                Text(reader, 12), reader.GetFieldValue<DateTimeOffset>(13), Time(reader, 14), reader.GetFieldValue<DateTimeOffset>(15), Time(reader, 16),
                ExportStatus.IsEnded(reader.GetString(6)) ? Time(reader, 14) + options.Value.KeepFor : null));
        return views;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
