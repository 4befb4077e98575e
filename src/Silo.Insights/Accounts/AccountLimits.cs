using Npgsql;

namespace Silo.Insights.Accounts;

/// <summary>
/// What every grain of an ad account shares about Meta's limits, on whichever node it runs: the account as read before
/// a Graph API call (<see cref="FindAsync"/>, with the database clock so nodes agree) and the writes any of them may
/// make to its hold, its usage and its token expiry: the <c>ad_account_limits</c> table (sql/028), written here only.
/// The <c>ad_accounts</c> row is the account grain's, written only by <see cref="AdAccountStorage"/>, version-checked
/// (a reconnect there ends an expiry by moving <c>connection</c> on). These writes go to their own table, not through
/// the grain, because the grain's own discovery makes Graph calls that record usage: a call back into it would deadlock.
/// Each write here is safe whoever makes it late: a throttle only ever lengthens the hold from Meta's own answer, an
/// alert opens once, an expiry stops only the connection it met.
/// </summary>
public sealed class AccountLimits(NpgsqlDataSource database)
{
    /// <summary>The connected account with its hold and usage, or null when it is not connected.</summary>
    public async Task<AdAccount?> FindAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select a.account_id, a.tenant, a.name, a.token_ref, s.status, s.throttled_until, now(), a.connection,
                   coalesce(s.usage_percent, 0)::float8
              from ad_accounts a join ad_account_status s on s.account_id = a.account_id
             where a.account_id = @account
            """);
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new AdAccount(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetInt64(7), reader.GetDouble(8));
    }

    /// <summary>The account's campaigns as its last discovery stored them, in id order (what a report batched by campaign covers).</summary>
    public async Task<IReadOnlyList<string>> CampaignIdsAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "select entity_id from ad_entities where account_id = @account and entity_type = 'campaign' order by entity_id");
        command.Parameters.AddWithValue("account", accountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Holds every grain of the account for at least <paramref name="wait"/>; never shortens a longer hold.</summary>
    public async Task ThrottleAsync(string accountId, TimeSpan wait, string reason, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ThrottleSql);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("wait", wait);
        command.Parameters.AddWithValue("reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Meta refused a call for the account's rate limit (<paramref name="code"/>): holds the account as
    /// <see cref="ThrottleAsync"/> does and records the hit (seed 004's "rate limits per hour").
    /// </summary>
    public async Task RateLimitedAsync(string accountId, int code, TimeSpan wait, string reason, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command(ThrottleSql, ("account", accountId), ("wait", wait), ("reason", reason)));
        batch.BatchCommands.Add(Command("insert into insights_rate_limit_hits (account_id, code) values (@account, @code)",
            ("account", accountId), ("code", code)));
        // A batch is one implicit transaction: the hold and its hit are stored together or not at all.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps the last usage Meta reported, shown by the overview.</summary>
    public async Task RecordUsageAsync(string accountId, double percent, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            insert into ad_account_limits (account_id, usage_percent)
            select account_id, @percent from ad_accounts where account_id = @account
            on conflict (account_id) do update set usage_percent = excluded.usage_percent, updated_at = now()
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("percent", (decimal)Math.Round(Math.Min(percent, 9999), 2));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Code 190: stops the account's refresh and raises one open alert (idempotent), only if the
    /// account is still on the connection <paramref name="account"/> was read with: a grain that met
    /// the expiry before a reconnect cannot stop the new connection. The stop is the connection it met
    /// (<c>expired_connection</c>), so a reconnect recorded at the same moment still wins: the account reads
    /// as expired only while its <c>connection</c> is that one.
    /// </summary>
    public async Task MarkTokenExpiredAsync(AdAccount account, string message, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command("""
            insert into ad_account_limits as l (account_id, expired_connection)
            select account_id, connection from ad_accounts where account_id = @account and connection = @connection
            on conflict (account_id) do update
               set expired_connection = greatest(coalesce(l.expired_connection, 0), excluded.expired_connection), updated_at = now()
            """, ("account", account.AccountId), ("connection", account.Connection)));
        batch.BatchCommands.Add(Command("""
            insert into insights_alerts (account_id, kind, message)
            select @account, 'token_expired', @message where exists (select 1 from ad_accounts where account_id = @account and connection = @connection)
            on conflict (account_id, kind) where resolved_at is null do nothing
            """, ("account", account.AccountId), ("connection", account.Connection), ("message", message)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    // An account with no row (not connected) has nothing to hold, as the select finds none.
    private const string ThrottleSql = """
        insert into ad_account_limits as l (account_id, throttled_at, throttled_until, throttle_reason)
        select account_id, now(), now() + @wait, @reason from ad_accounts where account_id = @account
        on conflict (account_id) do update
           set throttled_at = now(),
               throttled_until = greatest(coalesce(l.throttled_until, now()), now() + @wait),
               throttle_reason = @reason, updated_at = now()
        """;

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
