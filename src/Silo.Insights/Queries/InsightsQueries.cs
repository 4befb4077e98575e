using Npgsql;
using NpgsqlTypes;
using Silo.Insights.Alerts;
using Silo.Insights.Entities;
using Silo.Insights.Sync;

namespace Silo.Insights.Queries;

/// <summary>
/// The read side of seed 004's endpoints: plain SQL over the module's tables, scoped to a tenant
/// (null: every tenant). Entities another tenant owns are reported as not found.
/// </summary>
public sealed partial class InsightsQueries(NpgsqlDataSource database, SyncRunStore runs)
{
    private const string TenantFilter = "(@tenant::text is null or a.tenant = @tenant::text)";

    public async Task<Overview> OverviewAsync(string? tenant, DateRange range, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (total, active) = await CampaignCountsAsync(tenant, cancellationToken);
        var current = await CampaignLevelMetricsAsync(tenant, range, cancellationToken);
        var previousRange = range.Previous();
        var previous = await CampaignLevelMetricsAsync(tenant, previousRange, cancellationToken);
        return new Overview(now, range, total, active, current, new PeriodMetrics(previousRange, previous),
            await TopCampaignsAsync(tenant, range, 5, cancellationToken), await runs.LatestAsync(tenant, cancellationToken),
            await AlertsAsync(tenant, cancellationToken), await AccountsAsync(tenant, cancellationToken));
    }

    /// <summary>An entity the tenant can see, or null.</summary>
    public async Task<AdEntityRow?> EntityAsync(string entityId, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select e.entity_id, e.entity_type, e.account_id, e.campaign_id, e.adset_id, e.name, e.status, e.targeting::text, a.tenant
              from ad_entities e join ad_accounts a on a.account_id = e.account_id
             where e.entity_id = @id and {TenantFilter}
            """, tenant, ("id", entityId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Row(reader) : null;
    }

    private static AdEntityRow Row(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8));

    /// <summary>Entities the tenant can see among <paramref name="ids"/>, in one query.</summary>
    public async Task<IReadOnlyList<AdEntityRow>> EntitiesAsync(IReadOnlyCollection<string> ids, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select e.entity_id, e.entity_type, e.account_id, e.campaign_id, e.adset_id, e.name, e.status, e.targeting::text, a.tenant
              from ad_entities e join ad_accounts a on a.account_id = e.account_id
             where e.entity_id = any(@ids) and {TenantFilter}
            """, tenant, ("ids", ids.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<AdEntityRow>();
        while (await reader.ReadAsync(cancellationToken))
            found.Add(Row(reader));
        return found;
    }

    /// <summary>An entity's own daily rows (its level only) over <paramref name="range"/>.</summary>
    public async Task<IReadOnlyList<InsightDay>> DaysAsync(AdEntityRow entity, DateRange range, CancellationToken cancellationToken)
    {
        var column = entity.EntityType switch
        {
            AdEntityType.Campaign => "campaign_id",
            AdEntityType.AdSet => "adset_id",
            _ => "ad_id",
        };
        await using var command = Command($"""
            select date_start, date_end, spend, impressions, clicks, conversions, revenue, ctr, cpc, roas, frequency, reach,
                   unique_clicks, cost_per_conversion, updated_at
              from meta_ad_insights
             where {column} = @id and entity_type = @type and date_start between @start and @end
             order by date_start
            """, null, ("id", entity.EntityId), ("type", entity.EntityType), ("start", range.Start), ("end", range.End));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var days = new List<InsightDay>();
        while (await reader.ReadAsync(cancellationToken))
            days.Add(new InsightDay(reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetDecimal(9),
                reader.GetDecimal(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetDecimal(13), reader.GetFieldValue<DateTimeOffset>(14)));
        return days;
    }

    /// <summary>Children of a campaign or ad set that are not removed, by type.</summary>
    public async Task<int> ChildCountAsync(AdEntityRow parent, string childType, CancellationToken cancellationToken)
    {
        var column = parent.EntityType == AdEntityType.Campaign ? "campaign_id" : "adset_id";
        await using var command = Command($"select count(*) from ad_entities where {column} = @id and entity_type = @type and status <> 'REMOVED'",
            null, ("id", parent.EntityId), ("type", childType));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The other ads of the ad's ad set, summed over the same days, and how many there are.</summary>
    public async Task<(int Count, Metrics Metrics)> PeersAsync(AdEntityRow ad, DateRange range, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            select (select count(*) from ad_entities where adset_id = @adset and entity_type = 'ad' and entity_id <> @id and status <> 'REMOVED'),
                   coalesce(sum(spend), 0), coalesce(sum(impressions), 0), coalesce(sum(clicks), 0), coalesce(sum(conversions), 0), coalesce(sum(revenue), 0)
              from meta_ad_insights
             where adset_id = @adset and entity_type = 'ad' and ad_id <> @id and date_start between @start and @end
            """, null, ("adset", ad.AdSetId ?? ""), ("id", ad.EntityId), ("start", range.Start), ("end", range.End));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), Metrics.From(reader.GetDecimal(1), (long)reader.GetDecimal(2), (long)reader.GetDecimal(3),
            (long)reader.GetDecimal(4), reader.GetDecimal(5)));
    }

    /// <summary>Most entities one drill-down level lists (largest spend first).</summary>
    public const int MaxBreakdownItems = 500;

    /// <summary>
    /// The entities of <paramref name="level"/> under <paramref name="parent"/> (null: every campaign the tenant
    /// sees), not removed, each with its own rows summed over <paramref name="range"/> and over the period before.
    /// </summary>
    public async Task<IReadOnlyList<BreakdownRow>> BreakdownAsync(string? tenant, string level, AdEntityRow? parent, DateRange range,
        CancellationToken cancellationToken)
    {
        var column = level switch { AdEntityType.Campaign => "campaign_id", AdEntityType.AdSet => "adset_id", _ => "ad_id" };
        var parentColumn = parent?.EntityType == AdEntityType.Campaign ? "campaign_id" : "adset_id";
        var previous = range.Previous();
        const string Sums = "coalesce(sum(i.spend) filter (where {0}), 0), coalesce(sum(i.impressions) filter (where {0}), 0), " +
            "coalesce(sum(i.clicks) filter (where {0}), 0), coalesce(sum(i.conversions) filter (where {0}), 0), coalesce(sum(i.revenue) filter (where {0}), 0)";
        await using var command = Command($"""
            select e.entity_id, e.name, e.status,
                   {string.Format(System.Globalization.CultureInfo.InvariantCulture, Sums, "i.date_start >= @start")},
                   {string.Format(System.Globalization.CultureInfo.InvariantCulture, Sums, "i.date_start < @start")}
              from ad_entities e join ad_accounts a on a.account_id = e.account_id
              left join meta_ad_insights i on i.entity_type = e.entity_type and i.{column} = e.entity_id and i.date_start between @from and @end
             where e.entity_type = @level and e.status <> 'REMOVED' and {TenantFilter}
               and (@parent::text is null or e.{parentColumn} = @parent::text)
             group by e.entity_id, e.name, e.status
             order by 4 desc, e.entity_id
             limit {MaxBreakdownItems}
            """, tenant, ("level", level), ("parent", (object?)parent?.EntityId ?? DBNull.Value), ("start", range.Start), ("end", range.End),
            ("from", previous.Start));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<BreakdownRow>();
        Metrics Read(int first) => Metrics.From(reader.GetDecimal(first), (long)reader.GetDecimal(first + 1), (long)reader.GetDecimal(first + 2),
            (long)reader.GetDecimal(first + 3), reader.GetDecimal(first + 4));
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new BreakdownRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), Read(3), Read(8)));
        return rows;
    }

    /// <summary>Active entities the tenant can see, of one type or all, for a sync-now without ids.</summary>
    public async Task<IReadOnlyList<AdEntityRow>> ActiveEntitiesAsync(string? tenant, string? entityType, IReadOnlyCollection<string>? under,
        CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select e.entity_id, e.entity_type, e.account_id, e.campaign_id, e.adset_id, e.name, e.status, null::text, a.tenant
              from ad_entities e join ad_accounts a on a.account_id = e.account_id join ad_account_status s on s.account_id = a.account_id
             where e.status = 'ACTIVE' and s.status = 'active' and {TenantFilter}
               and (@type::text is null or e.entity_type = @type::text)
               and (@under::text[] is null or e.campaign_id = any(@under::text[]) or e.adset_id = any(@under::text[]))
             order by e.entity_type, e.entity_id
            """, tenant, ("type", (object?)entityType ?? DBNull.Value), ("under", (object?)under?.ToArray() ?? DBNull.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AdEntityRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(Row(reader));
        return rows;
    }

    private async Task<(int Total, int Active)> CampaignCountsAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select count(*) filter (where e.status <> 'REMOVED'), count(*) filter (where e.status = 'ACTIVE')
              from ad_entities e join ad_accounts a on a.account_id = e.account_id
             where e.entity_type = 'campaign' and {TenantFilter}
            """, tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    /// <summary>Sums campaign-level rows only, so ad sets and ads are not counted twice.</summary>
    private async Task<Metrics> CampaignLevelMetricsAsync(string? tenant, DateRange range, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select coalesce(sum(i.spend), 0), coalesce(sum(i.impressions), 0), coalesce(sum(i.clicks), 0),
                   coalesce(sum(i.conversions), 0), coalesce(sum(i.revenue), 0)
              from meta_ad_insights i join ad_accounts a on a.account_id = i.account_id
             where i.entity_type = 'campaign' and i.date_start between @start and @end and {TenantFilter}
            """, tenant, ("start", range.Start), ("end", range.End));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Metrics.From(reader.GetDecimal(0), (long)reader.GetDecimal(1), (long)reader.GetDecimal(2), (long)reader.GetDecimal(3), reader.GetDecimal(4));
    }

    private async Task<IReadOnlyList<TopCampaign>> TopCampaignsAsync(string? tenant, DateRange range, int limit, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select e.entity_id, e.name, e.status, sum(i.spend), sum(i.impressions), sum(i.clicks), sum(i.conversions), sum(i.revenue)
              from meta_ad_insights i
              join ad_entities e on e.entity_id = i.campaign_id and e.entity_type = 'campaign'
              join ad_accounts a on a.account_id = e.account_id
             where i.entity_type = 'campaign' and i.date_start between @start and @end and {TenantFilter}
             group by e.entity_id, e.name, e.status
             order by sum(i.spend) desc, e.entity_id
             limit {limit}
            """, tenant, ("start", range.Start), ("end", range.End));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var top = new List<TopCampaign>();
        while (await reader.ReadAsync(cancellationToken))
            top.Add(new TopCampaign(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                Metrics.From(reader.GetDecimal(3), (long)reader.GetDecimal(4), (long)reader.GetDecimal(5), (long)reader.GetDecimal(6), reader.GetDecimal(7))));
        return top;
    }

    public async Task<IReadOnlyList<InsightsAlert>> AlertsAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select al.id, al.account_id, al.kind, al.message, al.created_at
              from insights_alerts al join ad_accounts a on a.account_id = al.account_id
             where al.resolved_at is null and {TenantFilter}
             order by al.created_at desc
            """, tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<InsightsAlert>();
        while (await reader.ReadAsync(cancellationToken))
            alerts.Add(new InsightsAlert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        return alerts;
    }

    private async Task<IReadOnlyList<AccountView>> AccountsAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select a.account_id, a.name, s.status, s.throttled_until, s.throttle_reason, s.usage_percent, a.discovered_at
              from ad_accounts a join ad_account_status s on s.account_id = a.account_id where {TenantFilter} order by a.account_id
            """, tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<AccountView>();
        while (await reader.ReadAsync(cancellationToken))
            accounts.Add(new AccountView(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetDecimal(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        return accounts;
    }

    private NpgsqlCommand Command(string sql, string? tenant, params (string Name, object Value)[] parameters)
    {
        var command = database.CreateCommand(sql);
        if (sql.Contains("@tenant", StringComparison.Ordinal))
            command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        foreach (var (name, value) in parameters)
            command.Parameters.Add(value is DBNull ? new NpgsqlParameter(name, NpgsqlDbType.Unknown) { Value = value } : new NpgsqlParameter(name, value));
        return command;
    }
}
