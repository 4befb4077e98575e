using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Silo.Hosting.Migrations;

/// <summary>
/// Applies <c>sql/NNN_name.sql</c> (embedded in this assembly) in order, each in its own transaction,
/// under a session advisory lock, so nodes starting together apply each migration exactly once.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource database, ILogger<MigrationRunner> logger)
{
    // Any constant works; it only has to be the same on every node.
    private const long AdvisoryLockKey = 0x5111_0_0001;

    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>Applies what is missing; returns the versions applied now.</summary>
    public async Task<IReadOnlyList<int>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await Execute(connection, "select pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        try
        {
            await Execute(connection, """
                create table if not exists silo_migrations (
                    version    int primary key,
                    name       text not null,
                    applied_at timestamptz not null default now())
                """, cancellationToken);
            var applied = await AppliedAsync(connection, cancellationToken);
            var now = new List<int>();
            foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, migration.Sql, cancellationToken);
                await Execute(connection, "insert into silo_migrations (version, name) values (@version, @name)", cancellationToken,
                    ("version", migration.Version), ("name", migration.Name));
                await transaction.CommitAsync(cancellationToken);
                LogApplied(migration.Version, migration.Name);
                now.Add(migration.Version);
            }
            return now;
        }
        finally
        {
            await Execute(connection, "select pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
    }

    /// <summary>Migrations this build knows that the database has not applied (for /healthz).</summary>
    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select to_regclass('silo_migrations') is not null", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true) return All;
        var applied = await AppliedAsync(connection, cancellationToken);
        return All.Where(m => !applied.Contains(m.Version)).ToList();
    }

    private static async Task<HashSet<int>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select version from silo_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = FileName().Match(resource);
            if (!match.Success) continue;
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        return [.. migrations.OrderBy(m => m.Version)];
    }

    [GeneratedRegex(@"^sql/(\d{3})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private partial void LogApplied(int version, string name);
}

/// <summary>One numbered SQL file.</summary>
public sealed record Migration(int Version, string Name, string Sql);
