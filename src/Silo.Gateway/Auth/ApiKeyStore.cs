using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Silo.Gateway.Auth;

/// <summary>Creates, finds, lists and revokes API keys; only their SHA-256 is ever stored.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource database)
{
    public const string BootstrapName = "bootstrap-admin";

    /// <summary>Creates a key and returns it with its secret, which is shown this once.</summary>
    public async Task<CreatedApiKey> CreateAsync(string name, string tenant, IReadOnlyCollection<string> permissions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        var unknown = permissions.Where(p => !Permissions.IsKnown(p)).ToList();
        if (permissions.Count == 0 || unknown.Count > 0)
            throw new ArgumentException($"Permissions must be among {string.Join(", ", Permissions.All)}; got: {string.Join(", ", permissions)}.");
        var secret = "silo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var id = Guid.CreateVersion7();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ApiKeySql.Insert, connection);
        AddKey(command, id, name, tenant, permissions, secret);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ArgumentException($"An active key named '{name}' already exists.");
        }
        return new CreatedApiKey(id, name, tenant, [.. permissions], secret);
    }

    /// <summary>Makes <paramref name="secret"/> the admin key (from SILO_ADMIN_KEY); an older bootstrap key is revoked.</summary>
    public async Task EnsureBootstrapAdminAsync(string secret, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            foreach (var sql in new[] { ApiKeySql.RevokeOtherBootstrap, ApiKeySql.ReactivateBootstrap, ApiKeySql.InsertBootstrap })
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                AddKey(command, Guid.CreateVersion7(), BootstrapName, "*", [Permissions.Admin], secret);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another node made its bootstrap key active at the same moment: the node starts anyway,
            // and the last one to restart with the variable decides which key is active.
        }
    }

    public async Task<ApiKeyIdentity?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ApiKeySql.FindActiveByHash, connection);
        command.Parameters.AddWithValue("key_hash", Hash(secret));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ApiKeyIdentity(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3))
            : null;
    }

    /// <summary>The key with <paramref name="id"/> as it stands now, or null once revoked (a signed-in session's check).</summary>
    public async Task<ApiKeyIdentity?> FindActiveByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ApiKeySql.FindActiveById, connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ApiKeyIdentity(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3))
            : null;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ApiKeySql.List, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(new ApiKeyInfo(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        return keys;
    }

    /// <summary>Revokes by id or name; returns false when no active key matched.</summary>
    public async Task<bool> RevokeAsync(string idOrName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ApiKeySql.Revoke, connection);
        command.Parameters.AddWithValue("id_or_name", idOrName);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void AddKey(NpgsqlCommand command, Guid id, string name, string tenant, IEnumerable<string> permissions, string secret)
    {
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("permissions", permissions.ToArray());
        command.Parameters.AddWithValue("key_hash", Hash(secret));
        command.Parameters.AddWithValue("prefix", secret[..Math.Min(secret.Length, 12)]);
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

/// <summary>A key just created; <see cref="Secret"/> is not stored and cannot be shown again.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Tenant, string[] Permissions, string Secret);

/// <summary>Who a request's key belongs to.</summary>
public sealed record ApiKeyIdentity(Guid Id, string Name, string Tenant, string[] Permissions);

/// <summary>A key as listed: never its secret, only its first characters.</summary>
public sealed record ApiKeyInfo(Guid Id, string Name, string Tenant, string[] Permissions, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
