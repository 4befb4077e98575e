using Npgsql;
using NpgsqlTypes;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>Small helpers to read a query into dictionaries (sections are JSON documents, not domain types).</summary>
internal static class SqlRows
{
    public static async Task<List<Dictionary<string, object?>>> ReadAsync(NpgsqlConnection connection, string sql,
        CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Normalize(reader.GetValue(i));
            rows.Add(row);
        }
        return rows;
    }

    public static async Task<Dictionary<string, object?>> ReadOneAsync(NpgsqlConnection connection, string sql,
        CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        (await ReadAsync(connection, sql, cancellationToken, parameters)).FirstOrDefault() ?? [];

    /// <summary>A section query's <c>@tenant</c>: the tenant whose rows are read, or null for every tenant's.</summary>
    public static NpgsqlParameter Tenant(string? tenant) => new("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value };

    // Timestamps leave as UTC offsets and jsonb as parsed JSON, so the page needs no special cases.
    private static object Normalize(object value) => value switch
    {
        DateTime { Kind: DateTimeKind.Utc } t => new DateTimeOffset(t),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        TimeSpan t => t.TotalSeconds,
        _ => value,
    };
}
