using Npgsql;
using NpgsqlTypes;
using Silo.Insights.Meta;

namespace Silo.Insights.Storage;

/// <summary>The <c>ad_entities</c> table: what discovery found, and each entity's last refresh.</summary>
public sealed class AdEntityStore(NpgsqlDataSource database)
{
    /// <summary>Upserts the listing in one statement (arrays through <c>unnest</c>); entities missing from it become REMOVED.</summary>
    public async Task SaveDiscoveredAsync(string accountId, IReadOnlyList<DiscoveredEntity> entities, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        var upsert = new NpgsqlBatchCommand("""
            insert into ad_entities (entity_id, entity_type, account_id, campaign_id, adset_id, name, status, targeting)
            select id, type, @account, campaign, adset, name, status, targeting::jsonb
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
        batch.BatchCommands.Add(upsert);

        var removed = new NpgsqlBatchCommand("""
            update ad_entities set status = 'REMOVED', updated_at = now()
             where account_id = @account and status <> 'REMOVED' and not (entity_id = any(@ids))
            """);
        removed.Parameters.AddWithValue("account", accountId);
        removed.Parameters.AddWithValue("ids", entities.Select(e => e.EntityId).ToArray());
        batch.BatchCommands.Add(removed);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
