using Npgsql;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// The Insights section (issue 5's tables meta_ad_insights, sync_runs): seed 004's overview figures
/// for the last 7 days against the 7 before, spend and ROAS per day over 28 days, top campaigns,
/// the last sync reports, and each ad account's rate-limit state when the module records one.
/// Figures come from campaign-level rows so ads and ad sets are not counted twice.
/// </summary>
internal sealed class InsightsSection : IDashboardSection
{
    private static readonly string[] Tables = ["meta_ad_insights", "sync_runs"];
    private static readonly string[] Optional = ["ad_entities", "ad_accounts"];

    public string Name => "insights";
    public TimeSpan MaxAge => TimeSpan.FromSeconds(15);

    public async Task<object> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var shape = await TableShape.ReadAsync(connection, [.. Tables, .. Optional], cancellationToken);
        var missing = shape.Missing(Tables).ToList();
        if (missing.Count > 0) return new Unavailable(missing);

        var day = shape.Column("meta_ad_insights", "date_start", "date", "day");
        if (day is null) return new Unavailable(["meta_ad_insights(date_start)"]);
        var level = shape.Column("meta_ad_insights", "entity_type", "level");
        var campaign = shape.Column("meta_ad_insights", "campaign_id");
        var where = level is null ? "true" : $"{level}::text = 'campaign'";
        string Sum(params string[] names) => shape.Column("meta_ad_insights", names) is { } c ? $"coalesce(sum({c}), 0)::float8" : "0::float8";
        var figures = $"{Sum("spend")} as spend, {Sum("impressions")} as impressions, {Sum("clicks")} as clicks, " +
                      $"{Sum("conversions")} as conversions, {Sum("revenue")} as revenue";

        var result = new Dictionary<string, object?> { ["available"] = true };
        var periods = await SqlRows.ReadAsync(connection,
            $"""
            select case when {day}::date > current_date - 7 then 'current' else 'previous' end as period, {figures}
              from meta_ad_insights
             where {where} and {day}::date > current_date - 14
             group by 1
            """, cancellationToken);
        result["current"] = Overview(periods.FirstOrDefault(p => (string)p["period"]! == "current"));
        result["previous"] = Overview(periods.FirstOrDefault(p => (string)p["period"]! == "previous"));

        result["daily"] = await SqlRows.ReadAsync(connection,
            $"""
            select {day}::date::text as day, {Sum("spend")} as spend,
                   case when {Sum("spend")} > 0 then {Sum("revenue")} / {Sum("spend")} else 0 end as roas
              from meta_ad_insights where {where} and {day}::date > current_date - 28
             group by 1 order by 1
            """, cancellationToken);

        if (campaign is not null)
        {
            var name = shape.Has("ad_entities") && shape.Column("ad_entities", "name") is { } n && shape.Column("ad_entities", "entity_id", "id") is { } id
                ? $"(select e.{n}::text from ad_entities e where e.{id}::text = i.{campaign}::text limit 1)"
                : "null::text";
            result["top_campaigns"] = await SqlRows.ReadAsync(connection,
                $"""
                select i.{campaign}::text as campaign_id, {name} as name, {Sum("spend")} as spend, {Sum("revenue")} as revenue,
                       case when {Sum("spend")} > 0 then {Sum("revenue")} / {Sum("spend")} else 0 end as roas
                  from meta_ad_insights i where {where} and {day}::date > current_date - 7
                 group by 1 order by 3 desc limit 5
                """.Replace("coalesce(sum(", "coalesce(sum(i.", StringComparison.Ordinal), cancellationToken);
        }

        var started = shape.Column("sync_runs", "started_at", "sync_timestamp", "created_at");
        if (started is not null)
        {
            var cols = string.Join(", ", new[] { ("id", new[] { "sync_id", "id" }), ("type", ["sync_type", "type"]), ("mode", ["mode"]),
                    ("duration_seconds", ["total_duration_seconds", "duration_seconds"]), ("success", ["success"]), ("errors", ["errors"]) }
                .Select(c => $"{shape.Column("sync_runs", c.Item2) ?? "null"}::text as {c.Item1}"));
            result["last_syncs"] = await SqlRows.ReadAsync(connection,
                $"select {started} as started_at, {cols} from sync_runs order by {started} desc limit 5", cancellationToken);
        }

        if (shape.Has("ad_accounts") && shape.Column("ad_accounts", "account_id", "id") is { } account &&
            shape.Column("ad_accounts", "throttled_until", "rate_limited_until", "blocked_until") is { } until)
            result["rate_limits"] = await SqlRows.ReadAsync(connection,
                $"select {account}::text as account_id, {until} as throttled_until, {until} > now() as throttled from ad_accounts order by 1",
                cancellationToken);
        return result;
    }

    /// <summary>Seed 004's global metrics, with the ratios computed from the sums (never averaged).</summary>
    private static Dictionary<string, double> Overview(Dictionary<string, object?>? row)
    {
        double Get(string name) => row is null ? 0 : Convert.ToDouble(row[name]);
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
