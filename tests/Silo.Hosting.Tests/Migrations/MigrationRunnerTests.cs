using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Silo.Hosting.Migrations;
using Silo.Testing;

namespace Silo.Hosting.Tests.Migrations;

public sealed class MigrationRunnerTests
{
    [Fact]
    public async Task ApplyAsync_TwoNodesStartTogether_EachMigrationAppliedOnce()
    {
        var name = $"silo_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestDatabase.AdminConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await new NpgsqlCommand($"create database {name}", admin).ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString) { Database = name }.ConnectionString;
        try
        {
            await using var a = NpgsqlDataSource.Create(connectionString);
            await using var b = NpgsqlDataSource.Create(connectionString);

            var applied = await Task.WhenAll(
                new MigrationRunner(a, NullLogger<MigrationRunner>.Instance).ApplyAsync(TestContext.Current.CancellationToken),
                new MigrationRunner(b, NullLogger<MigrationRunner>.Instance).ApplyAsync(TestContext.Current.CancellationToken));

            Assert.Equal(MigrationRunner.All.Select(m => m.Version), applied.SelectMany(v => v).Order());
            await using var count = a.CreateCommand("select count(*) from silo_migrations");
            Assert.Equal((long)MigrationRunner.All.Count, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            Assert.Empty(await new MigrationRunner(a, NullLogger<MigrationRunner>.Instance).PendingAsync(CancellationToken.None));
        }
        finally
        {
            // Migrating writes enough to wake autovacuum in the new database, which the drop must wait out.
            await TestDatabase.DropAsync(name);
        }
    }
}
