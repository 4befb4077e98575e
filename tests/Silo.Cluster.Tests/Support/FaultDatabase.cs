using Npgsql;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// The suite's own queries against the test database. Each opens a fresh unpooled connection, so a
/// PostgreSQL restart or a terminated backend never leaves the suite holding a dead connection.
/// </summary>
public sealed class FaultDatabase(string connectionString)
{
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
    public string Name { get; } = new NpgsqlConnectionStringBuilder(connectionString).Database!;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull or null ? default! : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    /// <summary>For polling while faults are on: a query the database could not answer yields default.</summary>
    public async Task<T?> TryScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        try { return await ScalarAsync<T>(sql, parameters); }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException) { return default; }
    }

    /// <summary>Rows as arrays of column values.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = await OpenAsync();
            await using var command = new NpgsqlCommand("select 1", connection);
            return await command.ExecuteScalarAsync() is 1;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            return false;
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
