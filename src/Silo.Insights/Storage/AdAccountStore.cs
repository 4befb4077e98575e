using Npgsql;
using Silo.Insights.Meta;

namespace Silo.Insights.Storage;

/// <summary>
/// The <c>ad_accounts</c> table: the account's connection, its token status and its throttle, which
/// every grain of the account reads before a Graph API call, on whichever node it runs. Times come
/// from the database clock so nodes agree.
/// </summary>
public sealed class AdAccountStore(NpgsqlDataSource database)
{
    /// <summary>
    /// Connects (or reconnects) an account inside the caller's transaction: a reconnect clears an
    /// expired-token stop and its alert.
    /// </summary>
    public static async Task ConnectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string accountId, string tenant,
        string name, string tokenRef, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            insert into ad_accounts (account_id, tenant, name, token_ref)
            values (@account, @tenant, @name, @token_ref)
            on conflict (account_id) do update
               set tenant = excluded.tenant, name = excluded.name, token_ref = excluded.token_ref,
                   status = 'active', updated_at = now()
            """, ("account", accountId), ("tenant", tenant), ("name", name), ("token_ref", tokenRef)));
        batch.BatchCommands.Add(Command(
            "update insights_alerts set resolved_at = now() where account_id = @account and kind = 'token_expired' and resolved_at is null",
            ("account", accountId)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Tenant of an account, or null when it is not connected.</summary>
    public async Task<string?> TenantAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select tenant from ad_accounts where account_id = @account");
        command.Parameters.AddWithValue("account", accountId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<AdAccount?> FindAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select account_id, tenant, name, token_ref, status, throttled_until, now()
              from ad_accounts where account_id = @account
            """);
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new AdAccount(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6));
    }

    /// <summary>Holds every grain of the account for at least <paramref name="wait"/>; never shortens a longer hold.</summary>
    public async Task ThrottleAsync(string accountId, TimeSpan wait, string reason, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            update ad_accounts
               set throttled_at = now(),
                   throttled_until = greatest(coalesce(throttled_until, now()), now() + @wait),
                   throttle_reason = @reason, updated_at = now()
             where account_id = @account
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("wait", wait);
        command.Parameters.AddWithValue("reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps the last usage Meta reported, shown by the overview.</summary>
    public async Task RecordUsageAsync(string accountId, double percent, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("update ad_accounts set usage_percent = @percent where account_id = @account");
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("percent", (decimal)Math.Round(Math.Min(percent, 9999), 2));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Code 190: stops the account's refresh and raises one open alert (idempotent).</summary>
    public async Task MarkTokenExpiredAsync(string accountId, string message, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command("update ad_accounts set status = 'token_expired', updated_at = now() where account_id = @account",
            ("account", accountId)));
        batch.BatchCommands.Add(Command(RaiseAlertSql, ("account", accountId), ("kind", "token_expired"), ("message", message)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Raises an alert unless one of the same kind is already open for the account.</summary>
    public async Task RaiseAlertAsync(string accountId, string kind, string message, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(RaiseAlertSql);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("message", message);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkDiscoveredAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("update ad_accounts set discovered_at = now() where account_id = @account");
        command.Parameters.AddWithValue("account", accountId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string RaiseAlertSql = """
        insert into insights_alerts (account_id, kind, message) values (@account, @kind, @message)
        on conflict (account_id, kind) where resolved_at is null do nothing
        """;

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
