using Npgsql;
using NpgsqlTypes;

namespace Silo.Insights.Entities;

/// <summary>
/// Upserts daily rows on seed 004's unique key in one statement: a second refresh of the same days
/// updates them, never duplicates them. Idempotent, so a refresh that runs again (a retried tick, a stale activation) is harmless.
/// </summary>
public static class InsightRowWriter
{
    private const string Sql = """
        insert into meta_ad_insights (account_id, campaign_id, adset_id, ad_id, entity_type, date_start, date_end,
               spend, impressions, clicks, conversions, revenue, ctr, cpc, roas, frequency, reach, unique_clicks, cost_per_conversion)
        select account, campaign, adset, ad, type, day, day,
               spend, impressions, clicks, conversions, revenue, ctr, cpc, roas, frequency, reach, unique_clicks, cpa
          from unnest(@accounts, @campaigns, @adsets, @ads, @types, @days, @spends, @impressions, @clicks, @conversions,
                      @revenues, @ctrs, @cpcs, @roases, @frequencies, @reaches, @unique_clicks, @cpas)
               as t(account, campaign, adset, ad, type, day, spend, impressions, clicks, conversions,
                    revenue, ctr, cpc, roas, frequency, reach, unique_clicks, cpa)
        on conflict on constraint unique_insight do update
           set spend = excluded.spend, impressions = excluded.impressions, clicks = excluded.clicks,
               conversions = excluded.conversions, revenue = excluded.revenue, ctr = excluded.ctr, cpc = excluded.cpc,
               roas = excluded.roas, frequency = excluded.frequency, reach = excluded.reach,
               unique_clicks = excluded.unique_clicks, cost_per_conversion = excluded.cost_per_conversion,
               account_id = excluded.account_id, updated_at = now()
        """;

    /// <summary>The upsert as a batch command, so a refresh can store its rows and its outcome in one round trip.</summary>
    public static NpgsqlBatchCommand Command(IReadOnlyList<InsightRow> rows)
    {
        // One statement cannot update the same row twice: a repeated day in an answer keeps its last figures.
        rows = rows.GroupBy(r => (r.CampaignId, r.AdSetId, r.AdId, r.Date, r.EntityType)).Select(g => g.Last()).ToList();
        var command = new NpgsqlBatchCommand(Sql);
        var p = command.Parameters;
        p.AddWithValue("accounts", rows.Select(r => r.AccountId).ToArray());
        Nullable(p, "campaigns", rows.Select(r => r.CampaignId));
        Nullable(p, "adsets", rows.Select(r => r.AdSetId));
        Nullable(p, "ads", rows.Select(r => r.AdId));
        p.AddWithValue("types", rows.Select(r => r.EntityType).ToArray());
        p.AddWithValue("days", rows.Select(r => r.Date).ToArray());
        p.AddWithValue("spends", rows.Select(r => r.Spend).ToArray());
        p.AddWithValue("impressions", rows.Select(r => r.Impressions).ToArray());
        p.AddWithValue("clicks", rows.Select(r => r.Clicks).ToArray());
        p.AddWithValue("conversions", rows.Select(r => r.Conversions).ToArray());
        p.AddWithValue("revenues", rows.Select(r => r.Revenue).ToArray());
        p.AddWithValue("ctrs", rows.Select(r => r.Ctr).ToArray());
        p.AddWithValue("cpcs", rows.Select(r => r.Cpc).ToArray());
        p.AddWithValue("roases", rows.Select(r => r.Roas).ToArray());
        p.AddWithValue("frequencies", rows.Select(r => r.Frequency).ToArray());
        p.AddWithValue("reaches", rows.Select(r => r.Reach).ToArray());
        p.AddWithValue("unique_clicks", rows.Select(r => r.UniqueClicks).ToArray());
        p.AddWithValue("cpas", rows.Select(r => r.CostPerConversion).ToArray());
        return command;
    }

    /// <summary>
    /// The upsert and the entity's outcome in each run as one statement: the outcome counts the rows
    /// the upsert inserted (<c>xmax = 0</c>: no earlier version) besides all it stored.
    /// </summary>
    public static NpgsqlBatchCommand CommandWithOutcomes(IReadOnlyList<InsightRow> rows, IReadOnlyList<Guid> syncIds, string entityId,
        string entityType, string? error)
    {
        var command = Command(rows);
        command.CommandText = $"""
            with upserted as ({Sql}
                returning (xmax = 0) as inserted)
            insert into sync_run_entities (sync_id, entity_id, entity_type, ok, rows, rows_inserted, error)
            select id, @entity, @type, @ok, (select count(*) from upserted), (select count(*) from upserted where inserted), @error
              from unnest(@sync_ids) as s(id)
            on conflict (sync_id, entity_id) do update
               set ok = excluded.ok, rows = excluded.rows, rows_inserted = excluded.rows_inserted, error = excluded.error, finished_at = now()
            """;
        var p = command.Parameters;
        p.AddWithValue("sync_ids", syncIds.ToArray());
        p.AddWithValue("entity", entityId);
        p.AddWithValue("type", entityType);
        p.AddWithValue("ok", error is null);
        p.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        return command;
    }

    private static void Nullable(NpgsqlParameterCollection parameters, string name, IEnumerable<string?> values) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() });
}
