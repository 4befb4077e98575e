using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;
using Silo.Insights.Alerts;

namespace Silo.Insights.Accounts;

/// <summary>
/// The account grains' state in <c>ad_accounts</c> (sql/005, sql/010). A write stores the account's
/// row (version-checked, first) with, in the same transaction, the listing discovery found
/// (<c>ad_entities</c>: names, statuses, hierarchy; REMOVED for the missing) and, on a reconnect,
/// the end of an expired-token stop: the next <c>connection</c>, which no recorded expiry matches, and its
/// alert resolved. It is the only writer of <c>ad_accounts</c>; the hold, usage and expiry are
/// <see cref="AccountLimits"/>'s own table. Entity grains own the other columns of their rows.
/// </summary>
internal sealed class AdAccountStorage(NpgsqlDataSource database) : RelationalGrainStorage<AdAccountState>(database)
{
    protected override async Task<(AdAccountState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select tenant, name, token_ref, entities_told::text, schedule, version, creatives_told::text from ad_accounts where account_id = @id", connection);
        command.Parameters.AddWithValue("id", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new AdAccountState
        {
            Tenant = reader.GetString(0),
            Name = reader.GetString(1),
            TokenRef = reader.GetString(2),
            Entities = JsonSerializer.Deserialize<Dictionary<string, bool>>(reader.GetString(3)) ?? [],
            Schedule = reader.IsDBNull(4) ? null : reader.GetString(4),
            Creatives = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6)) ?? [],
        };
        return (state, reader.GetInt64(5));
    }

    protected override GrainWrite? Write(string key, AdAccountState state, long expectedVersion)
    {
        // A discovery tick of an account never connected has nothing to store.
        if (!state.Connected) return null;
        var row = new NpgsqlBatchCommand("""
            insert into ad_accounts (account_id, tenant, name, token_ref, entities_told, creatives_told, schedule, discovered_at, version)
            values (@id, @tenant, @name, @token_ref, @told::jsonb, @creatives::jsonb, @schedule, case when @discovered then now() end, @expected + 1)
            on conflict (account_id) do update
               set tenant = excluded.tenant, name = excluded.name, token_ref = excluded.token_ref,
                   entities_told = excluded.entities_told, creatives_told = excluded.creatives_told, schedule = excluded.schedule,
                   discovered_at = coalesce(excluded.discovered_at, ad_accounts.discovered_at),
                   connection = ad_accounts.connection + case when @reconnect then 1 else 0 end,
                   version = excluded.version, updated_at = now()
             where ad_accounts.version = @expected
            """);
        row.Parameters.AddWithValue("id", key);
        row.Parameters.AddWithValue("tenant", state.Tenant);
        row.Parameters.AddWithValue("name", state.Name);
        row.Parameters.AddWithValue("token_ref", state.TokenRef);
        row.Parameters.AddWithValue("told", JsonSerializer.Serialize(state.Entities));
        row.Parameters.AddWithValue("creatives", JsonSerializer.Serialize(state.Creatives));
        row.Parameters.Add(new NpgsqlParameter("schedule", NpgsqlDbType.Text) { Value = (object?)state.Schedule ?? DBNull.Value });
        row.Parameters.AddWithValue("discovered", state.Listing is not null);
        row.Parameters.AddWithValue("reconnect", state.Reconnect);
        row.Parameters.AddWithValue("expected", expectedVersion);
        var write = new GrainWrite(row);

        if (state.Reconnect)
            write.With.Add(InsightsAlertSql.Resolve(key, AdAccount.TokenExpired));
        if (state.Listing is { } listing)
            foreach (var command in ListingCommands(key, listing))
                write.With.Add(command);
        return write;
    }

    protected override void OnWritten(AdAccountState state)
    {
        state.Listing = null;
        state.Reconnect = false;
    }

    /// <summary>Upserts the listing in one statement (arrays through <c>unnest</c>); entities missing from it become REMOVED.</summary>
    private static IEnumerable<NpgsqlBatchCommand> ListingCommands(string accountId, IReadOnlyList<DiscoveredEntity> entities)
    {
        // New rows start at version 0: listed, not yet written by their own grain.
        var upsert = new NpgsqlBatchCommand("""
            insert into ad_entities (entity_id, entity_type, account_id, campaign_id, adset_id, name, status, targeting, version)
            select id, type, @account, campaign, adset, name, status, targeting::jsonb, 0
              from unnest(@ids, @types, @campaigns, @adsets, @names, @statuses, @targetings)
                   as t(id, type, campaign, adset, name, status, targeting)
            on conflict (entity_id) do update
               set name = excluded.name, status = excluded.status, targeting = excluded.targeting,
                   campaign_id = excluded.campaign_id, adset_id = excluded.adset_id, updated_at = now()
             where (ad_entities.name, ad_entities.status, ad_entities.targeting)
                   is distinct from (excluded.name, excluded.status, excluded.targeting)
            """);
        upsert.Parameters.AddWithValue("account", accountId);
        upsert.Parameters.AddWithValue("ids", entities.Select(e => e.EntityId).ToArray());
        upsert.Parameters.AddWithValue("types", entities.Select(e => e.EntityType).ToArray());
        upsert.Parameters.AddWithValue("campaigns", entities.Select(e => e.CampaignId).ToArray());
        upsert.Parameters.Add(new NpgsqlParameter("adsets", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entities.Select(e => (object?)e.AdSetId ?? DBNull.Value).ToArray() });
        upsert.Parameters.AddWithValue("names", entities.Select(e => e.Name).ToArray());
        upsert.Parameters.AddWithValue("statuses", entities.Select(e => e.Status).ToArray());
        upsert.Parameters.Add(new NpgsqlParameter("targetings", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entities.Select(e => (object?)e.TargetingJson ?? DBNull.Value).ToArray() });
        yield return upsert;

        var removed = new NpgsqlBatchCommand("""
            update ad_entities set status = 'REMOVED', updated_at = now()
             where account_id = @account and status <> 'REMOVED' and not (entity_id = any(@ids))
            """);
        removed.Parameters.AddWithValue("account", accountId);
        removed.Parameters.AddWithValue("ids", entities.Select(e => e.EntityId).ToArray());
        yield return removed;
    }
}
