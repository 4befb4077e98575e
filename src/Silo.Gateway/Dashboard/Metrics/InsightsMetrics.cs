using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Gateway.Dashboard.Sections;
using Silo.Insights.Alerts;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;
using Silo.Insights.Queries;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// The insights module's figures (meter <c>Silo.Insights</c>) from its tables (sql/005_insights.sql),
/// cluster-wide (aggregate with max): sync runs by type, entity syncs by outcome (one row per entity
/// and run), insight rows stored, and per ad account the seconds left of its rate-limit wait (0 when
/// not held), the usage Meta last reported, and seed 004's watch figures (<see cref="AccountHealth"/>):
/// last and average scheduled sync duration, rate-limit hits in the last hour, coverage (percent of
/// active entities fresh) and entities failing. The Graph API's latency is a histogram on the same
/// meter, recorded where the calls are made (<see cref="MetaApiLatency"/>).
/// </summary>
internal sealed class InsightsMetrics
{
    public const string MeterName = MetaApiLatency.MeterName;

    private readonly DatabaseReading<Figures> _reading;

    private readonly TimeSpan _syncInterval;

    public InsightsMetrics(IMeterFactory meters, NpgsqlDataSource database, IOptions<MetricsOptions> options, IOptions<InsightsOptions> insights,
        ILogger<InsightsMetrics> logger)
    {
        _syncInterval = insights.Value.SyncInterval;
        _reading = new DatabaseReading<Figures>(database, ReadAsync, options.Value.DatabaseReadInterval, logger);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("silo_insights_sync_runs", () => Measure(f => [.. f.Runs.Select(r => new Measurement<double>(r.Value, Tag("type", r.Key)))]),
            description: "Insight sync runs by type (cluster-wide).");
        meter.CreateObservableGauge("silo_insights_entity_syncs", () => Measure(f =>
            [new(f.EntitiesOk, Tag("outcome", "success")), new(f.EntitiesFailed, Tag("outcome", "failure"))]),
            description: "Entity refreshes recorded in sync reports, by outcome (cluster-wide).");
        meter.CreateObservableGauge("silo_insights_rows", () => Measure(f => [new(f.Rows)]),
            description: "Insight rows stored (one per entity and day).");
        meter.CreateObservableGauge("silo_insights_rate_limit_wait_seconds", () => Measure(f =>
            [.. f.Accounts.Select(a => new Measurement<double>(a.WaitSeconds, Tag("account", a.Account)))]),
            description: "Seconds an ad account still waits out Meta's rate limit (0: not held).");
        meter.CreateObservableGauge("silo_insights_api_usage_percent", () => Measure(f =>
            [.. f.Accounts.Select(a => new Measurement<double>(a.UsagePercent, Tag("account", a.Account)))]),
            description: "Highest API usage Meta last reported for an ad account, in percent.");
        meter.CreateObservableGauge("silo_insights_sync_duration_seconds", () => PerAccount(h => h.LastSyncSeconds),
            description: "Duration of an ad account's last finished scheduled sync, in seconds.");
        meter.CreateObservableGauge("silo_insights_sync_duration_average_seconds", () => PerAccount(h => h.AverageSyncSeconds),
            description: $"Average duration of the {AccountHealthQuery.HistoryRuns} scheduled syncs before an ad account's last, in seconds.");
        meter.CreateObservableGauge("silo_insights_rate_limit_hits_last_hour", () => PerAccount(h => h.RateLimitHitsLastHour),
            description: "Times Meta refused an ad account's calls for its rate limit in the last hour.");
        meter.CreateObservableGauge("silo_insights_coverage_percent", () => PerAccount(h => h.FreshPercent),
            description: "Percent of an ad account's active entities refreshed within two sync intervals.");
        meter.CreateObservableGauge("silo_insights_failing_entities_percent", () => PerAccount(h => h.FailingPercent),
            description: "Percent of an ad account's active entities whose last refresh failed.");
    }

    // An account without the figure (no finished run yet, no active entity) has no sample rather than a made-up 0.
    private IEnumerable<Measurement<double>> PerAccount(Func<AccountHealth, double?> select) => Measure(f =>
        [.. f.Health.Where(h => select(h) is not null).Select(h => new Measurement<double>(select(h)!.Value, Tag("account", h.AccountId)))]);

    private IEnumerable<Measurement<double>> Measure(Func<Figures, Measurement<double>[]> select) =>
        _reading.Current() is { } figures ? select(figures) : [];

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    private async Task<Figures> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var runs = new Dictionary<string, double> { ["scheduled"] = 0, ["manual"] = 0 };
        foreach (var r in await SqlRows.ReadAsync(connection, "select sync_type, count(*) as n from sync_runs group by 1", cancellationToken))
            runs[(string)r["sync_type"]!] = (long)r["n"]!;
        var entities = await SqlRows.ReadOneAsync(connection,
            "select count(*) filter (where ok) as ok, count(*) filter (where not ok) as failed, (select count(*) from meta_ad_insights) as rows from sync_run_entities",
            cancellationToken);
        var accounts = (await SqlRows.ReadAsync(connection, """
            select account_id, greatest(extract(epoch from coalesce(throttled_until, now()) - now()), 0)::float8 as wait,
                   coalesce(usage_percent, 0)::float8 as usage
              from ad_account_status order by account_id
            """, cancellationToken)).Select(r => new AccountFigures((string)r["account_id"]!, (double)r["wait"]!, (double)r["usage"]!)).ToList();
        var health = await AccountHealthQuery.ReadAsync(connection, _syncInterval, cancellationToken);
        return new Figures(runs, (long)entities["ok"]!, (long)entities["failed"]!, (long)entities["rows"]!, accounts, health);
    }

    private sealed record AccountFigures(string Account, double WaitSeconds, double UsagePercent);

    private sealed record Figures(Dictionary<string, double> Runs, long EntitiesOk, long EntitiesFailed, long Rows, List<AccountFigures> Accounts,
        IReadOnlyList<AccountHealth> Health);
}
