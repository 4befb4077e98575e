using Npgsql;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// The Insights section (sql/005_insights.sql): seed 004's overview figures for the last 7 days
/// against the 7 before, spend and ROAS per day over 28 days, top campaigns, the last sync reports,
/// each ad account's rate-limit state, and the insights alerts. Figures come from campaign-level
/// rows so ads and ad sets are not counted twice; ratios are computed from the sums, never averaged.
/// A tenant sees its own ad accounts' rows and its own sync runs (an account's tenant is
/// <c>ad_accounts.tenant</c>, as the insights routes scope them).
/// </summary>
internal sealed class InsightsSection : IDashboardSection
{
    private const string Sums = """
        coalesce(sum(i.spend), 0)::float8 as spend, coalesce(sum(i.impressions), 0)::float8 as impressions,
        coalesce(sum(i.clicks), 0)::float8 as clicks, coalesce(sum(i.conversions), 0)::float8 as conversions,
        coalesce(sum(i.revenue), 0)::float8 as revenue
        """;

    // Rows of the tenant's ad accounts, the account left-joined as "a"; every row when @tenant is null, those of an
    // account missing from ad_accounts included.
    private const string OwnAccount = "(@tenant is null or a.tenant = @tenant)";

    public string Name => "insights";
    public TimeSpan MaxAge => TimeSpan.FromSeconds(15);

    public async Task<object> ReadAsync(NpgsqlConnection connection, string? tenant, CancellationToken cancellationToken)
    {
        var periods = await SqlRows.ReadAsync(connection, $"""
            select case when i.date_start > current_date - 7 then 'current' else 'previous' end as period, {Sums}
              from meta_ad_insights i left join ad_accounts a on a.account_id = i.account_id
             where i.entity_type = 'campaign' and i.date_start > current_date - 14 and {OwnAccount}
             group by 1
            """, cancellationToken, SqlRows.Tenant(tenant));

        return new Dictionary<string, object?>
        {
            ["current"] = Overview(periods.FirstOrDefault(p => (string)p["period"]! == "current")),
            ["previous"] = Overview(periods.FirstOrDefault(p => (string)p["period"]! == "previous")),
            ["daily"] = await SqlRows.ReadAsync(connection, $"""
                select i.date_start::text as day, sum(i.spend)::float8 as spend,
                       case when sum(i.spend) > 0 then (sum(i.revenue) / sum(i.spend))::float8 else 0 end as roas
                  from meta_ad_insights i left join ad_accounts a on a.account_id = i.account_id
                 where i.entity_type = 'campaign' and i.date_start > current_date - 28 and {OwnAccount}
                 group by 1 order by 1
                """, cancellationToken, SqlRows.Tenant(tenant)),
            ["top_campaigns"] = await SqlRows.ReadAsync(connection, $"""
                select i.campaign_id, e.name, sum(i.spend)::float8 as spend, sum(i.revenue)::float8 as revenue,
                       case when sum(i.spend) > 0 then (sum(i.revenue) / sum(i.spend))::float8 else 0 end as roas
                  from meta_ad_insights i left join ad_accounts a on a.account_id = i.account_id
                       left join ad_entities e on e.entity_id = i.campaign_id
                 where i.entity_type = 'campaign' and i.date_start > current_date - 7 and {OwnAccount}
                 group by i.campaign_id, e.name order by 3 desc limit 5
                """, cancellationToken, SqlRows.Tenant(tenant)),
            // A run's outcome is its entities' outcomes (sync_run_entities: one row per entity and run); it
            // ends when its last entity reported, as the module's own sync report counts it.
            ["last_syncs"] = await SqlRows.ReadAsync(connection, """
                select r.sync_id::text as id, r.sync_type as type, r.mode, r.account_id, r.started_at,
                       coalesce(max(e.finished_at), r.finished_at) as finished_at,
                       extract(epoch from coalesce(max(e.finished_at), r.finished_at) - r.started_at)::float8 as duration_seconds, r.expected_entities,
                       count(e.entity_id) filter (where e.ok) as entities_ok, count(e.entity_id) filter (where not e.ok) as entities_failed,
                       coalesce(sum(e.rows), 0) as rows
                  from sync_runs r left join sync_run_entities e on e.sync_id = r.sync_id
                 where @tenant is null or r.tenant = @tenant
                 group by r.sync_id order by r.started_at desc limit 5
                """, cancellationToken, SqlRows.Tenant(tenant)),
            ["rate_limits"] = await SqlRows.ReadAsync(connection, $"""
                select a.account_id, a.name, s.status, s.throttled_until, coalesce(s.throttled_until > now(), false) as throttled,
                       s.throttle_reason, s.usage_percent::float8 as usage_percent
                  from ad_accounts a join ad_account_status s on s.account_id = a.account_id where {OwnAccount} order by a.account_id
                """, cancellationToken, SqlRows.Tenant(tenant)),
            ["alerts"] = await SqlRows.ReadAsync(connection, $"""
                select al.created_at as at, al.account_id, al.kind, al.message, al.resolved_at is not null as resolved
                  from insights_alerts al left join ad_accounts a on a.account_id = al.account_id
                 where {OwnAccount} order by al.created_at desc limit 10
                """, cancellationToken, SqlRows.Tenant(tenant)),
        };
    }

    /// <summary>Seed 004's global metrics, with the ratios computed from the sums (never averaged).</summary>
    private static Dictionary<string, double> Overview(Dictionary<string, object?>? row)
    {
        double Get(string name) => row is null ? 0 : Convert.ToDouble(row[name], System.Globalization.CultureInfo.InvariantCulture);
        var (spend, impressions, clicks, conversions, revenue) = (Get("spend"), Get("impressions"), Get("clicks"), Get("conversions"), Get("revenue"));
        return new Dictionary<string, double>
        {
            ["spend"] = Math.Round(spend, 2),
            ["impressions"] = impressions,
            ["clicks"] = clicks,
            ["conversions"] = conversions,
            ["revenue"] = Math.Round(revenue, 2),
            ["ctr"] = impressions > 0 ? Math.Round(clicks / impressions * 100, 2) : 0,
            ["cpc"] = clicks > 0 ? Math.Round(spend / clicks, 2) : 0,
            ["roas"] = spend > 0 ? Math.Round(revenue / spend, 2) : 0,
        };
    }
}
