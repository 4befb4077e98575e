using Npgsql;
using Xunit;

namespace Silo.Testing;

/// <summary>
/// A fresh PostgreSQL database for one test class, migrated (a copy of <see cref="MigratedTemplate"/>), dropped afterwards. Classes run in
/// parallel without seeing each other's rows. The server comes from SILO_TEST_POSTGRES (an admin
/// connection string), by default the one deploy/postgres.sh starts.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("SILO_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=silo;Password=silo;Database=postgres";

    private readonly string _name = $"silo_test_{Guid.NewGuid():N}";

    private readonly List<IAsyncDisposable> _owned = [];

    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var template = await MigratedTemplate.NameAsync();
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {_name} template {template}", admin) { CommandTimeout = 180 };
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = _name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>
    /// Something that lives as long as this database, such as a node its class's tests share: disposed,
    /// newest first, before the database is dropped.
    /// </summary>
    public void DisposeWith(IAsyncDisposable owned)
    {
        lock (_owned) _owned.Add(owned);
    }

    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] owned;
        lock (_owned)
        {
            owned = [.. Enumerable.Reverse(_owned)];
            _owned.Clear();
        }
        foreach (var item in owned) await item.DisposeAsync();
        if (DataSource is null) return; // never created
        await DataSource.DisposeAsync();
        await DropAsync(_name);
    }

    /// <summary>Drops the database <paramref name="name"/> once nothing is connected to it.</summary>
    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        // A drop checkpoints; on a loaded machine that outlasts Npgsql's 30 s default.
        await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", admin) { CommandTimeout = 180 };
        // WITH (FORCE) may not terminate an autovacuum worker for a role without pg_signal_backend (42501),
        // and a test that wrote many rows can have one running in its database: the drop waits it out.
        var dropped = false;
        await Eventually.UntilAsync(async () =>
        {
            try { await drop.ExecuteNonQueryAsync(); dropped = true; }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege) { }
            return dropped;
        }, $"database {name} is dropped (no autovacuum worker left in it)");
    }

    /// <summary>Runs a scalar query against this database.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull or null ? default! : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
