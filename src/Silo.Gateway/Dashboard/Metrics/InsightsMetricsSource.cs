using Npgsql;
using Silo.Gateway.Dashboard.Sections;
using Silo.Hosting.Metrics;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// The insights module's figures from its tables (sql/005_insights.sql), cluster-wide (aggregate
/// with max): sync runs by type, entity syncs by outcome (one row per entity and run), insight rows
/// stored, and per ad account the seconds left of its rate-limit wait (0 when not held) and the
/// usage Meta last reported.
/// </summary>
internal sealed class InsightsMetricsSource(NpgsqlDataSource database) : IMetricsSource
{
    public async Task CollectAsync(MetricsBuilder metrics, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var runs = new Dictionary<string, long> { ["scheduled"] = 0, ["manual"] = 0 };
        foreach (var r in await SqlRows.ReadAsync(connection, "select sync_type, count(*) as n from sync_runs group by 1", cancellationToken))
            runs[(string)r["sync_type"]!] = (long)r["n"]!;
        foreach (var (type, n) in runs)
            metrics.Gauge("silo_insights_sync_runs", "Insight sync runs by type (cluster-wide).", n, ("type", type));

        var entities = await SqlRows.ReadOneAsync(connection,
            "select count(*) filter (where ok) as ok, count(*) filter (where not ok) as failed, (select count(*) from meta_ad_insights) as rows from sync_run_entities",
            cancellationToken);
        metrics.Gauge("silo_insights_entity_syncs", "Entity refreshes recorded in sync reports, by outcome (cluster-wide).", (long)entities["ok"]!, ("outcome", "success"));
        metrics.Gauge("silo_insights_entity_syncs", "Entity refreshes recorded in sync reports, by outcome (cluster-wide).", (long)entities["failed"]!, ("outcome", "failure"));
        metrics.Gauge("silo_insights_rows", "Insight rows stored (one per entity and day).", (long)entities["rows"]!);

        foreach (var r in await SqlRows.ReadAsync(connection, """
            select account_id, greatest(extract(epoch from coalesce(throttled_until, now()) - now()), 0)::float8 as wait,
                   coalesce(usage_percent, 0)::float8 as usage
              from ad_accounts order by account_id
            """, cancellationToken))
        {
            var account = (string)r["account_id"]!;
            metrics.Gauge("silo_insights_rate_limit_wait_seconds", "Seconds an ad account still waits out Meta's rate limit (0: not held).",
                (double)r["wait"]!, ("account", account));
            metrics.Gauge("silo_insights_api_usage_percent", "Highest API usage Meta last reported for an ad account, in percent.",
                (double)r["usage"]!, ("account", account));
        }
    }
}
