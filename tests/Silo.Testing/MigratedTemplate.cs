using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Silo.Hosting.Migrations;

namespace Silo.Testing;

/// <summary>
/// A database migrated once per server and set of migrations, which every <see cref="TestDatabase"/> is
/// copied from: running the 17 migrations costs PostgreSQL several seconds per database (catalog work and
/// a commit each), a copy a fraction of one, and a test run makes about 150 databases. Its name carries a
/// hash of the migrations, so a changed migration builds a new one. Nodes still run the migration runner
/// on start, which finds nothing to do, as on any migrated database.
/// </summary>
internal static class MigratedTemplate
{
    // Any constant; test processes running side by side take it so only one of them builds the template.
    private const long BuildLockKey = 0x5111_7e57;

    private static readonly Lazy<Task<string>> Name = new(EnsureAsync);

    public static Task<string> NameAsync() => Name.Value;

    private static async Task<string> EnsureAsync()
    {
        var name = $"silo_template_{Hash()}";
        await using var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"select pg_advisory_lock({BuildLockKey})");
        try
        {
            await using var exists = new NpgsqlCommand("select count(*) from pg_database where datname = @name", admin);
            exists.Parameters.AddWithValue("name", name);
            if ((long)(await exists.ExecuteScalarAsync())! == 1) return name;

            var building = name + "_building";
            await ExecuteAsync(admin, $"drop database if exists {building} with (force)");
            await ExecuteAsync(admin, $"create database {building}");
            var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString) { Database = building, Pooling = false }.ConnectionString;
            await using (var source = NpgsqlDataSource.Create(connectionString))
                await new MigrationRunner(source, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
            // No connections afterwards, not even autovacuum's: a copy fails while anyone is connected to its source.
            await ExecuteAsync(admin, $"alter database {building} with allow_connections false");
            await ExecuteAsync(admin, $"alter database {building} rename to {name}");
            return name;
        }
        finally
        {
            await ExecuteAsync(admin, $"select pg_advisory_unlock({BuildLockKey})");
        }
    }

    private static string Hash()
    {
        var all = string.Join("\n", MigrationRunner.All.Select(m => $"{m.Version}:{m.Name}:{m.Sql}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all)))[..16];
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 180 };
        await command.ExecuteNonQueryAsync();
    }
}
