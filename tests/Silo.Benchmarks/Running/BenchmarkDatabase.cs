using Npgsql;

namespace Silo.Benchmarks.Running;

/// <summary>
/// A fresh database on the local PostgreSQL for one benchmark run, dropped afterwards, so a run never
/// measures rows (or bloat) left by another. The server comes from SILO_TEST_POSTGRES, by default the
/// one deploy/postgres.sh starts (the same default as tests/Silo.Testing/TestDatabase.cs).
/// </summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("SILO_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=silo;Password=silo;Database=postgres";

    private readonly string _name;

    private BenchmarkDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchmarkDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var name = $"silo_bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"create database {name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return new BenchmarkDatabase(name, new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {_name} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
