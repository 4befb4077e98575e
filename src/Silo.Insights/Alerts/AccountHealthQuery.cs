using Npgsql;

namespace Silo.Insights.Alerts;

/// <summary>
/// Reads every ad account's <see cref="AccountHealth"/> in one statement, on the database clock so
/// every node judges the same hour (a test passes its own moment instead). Shared by the alert check and <c>/metrics</c>.
/// </summary>
public static class AccountHealthQuery
{
    /// <summary>Runs compared with the last one: the 20 before it.</summary>
    public const int HistoryRuns = 20;

    // A scheduled run collects an account's refreshes of one interval slot (SyncRunStore.ScheduledRunAsync):
    // it is judged once its slot is over, so a run still collecting reports never looks short. Its
    // duration is from its start to its last entity's report. Manual runs cover whatever a person
    // asked for and are not compared.
    private const string Sql = """
        with clock as (select coalesce(@now, now()) as now),
        runs as (
            select r.account_id, r.started_at, extract(epoch from max(e.finished_at) - r.started_at)::float8 as seconds,
                   row_number() over (partition by r.account_id order by r.started_at desc) as n
              from sync_runs r join sync_run_entities e on e.sync_id = r.sync_id
             where r.sync_type = 'scheduled' and r.account_id is not null and r.started_at > (select now from clock) - interval '30 days'
               and floor(extract(epoch from r.started_at) / @slot) < floor(extract(epoch from (select now from clock)) / @slot)
             group by r.sync_id, r.account_id, r.started_at
        ), timing as (
            select l.account_id, l.seconds as last_seconds, avg(h.seconds) as average_seconds, count(h.seconds)::int as history
              from runs l left join runs h on h.account_id = l.account_id and h.n between 2 and @history + 1
             where l.n = 1
             group by l.account_id, l.seconds
        ), hits as (
            select account_id, count(*)::int as n from insights_rate_limit_hits where hit_at > (select now from clock) - interval '1 hour' group by account_id
        ), entities as (
            select account_id, count(*)::int as active,
                   count(*) filter (where last_synced_at >= (select now from clock) - @fresh)::int as fresh,
                   count(*) filter (where last_error is not null)::int as failing
              from ad_entities where status = 'ACTIVE' group by account_id
        )
        select a.account_id, t.last_seconds, t.average_seconds, coalesce(t.history, 0), coalesce(h.n, 0),
               coalesce(e.active, 0), coalesce(e.fresh, 0), coalesce(e.failing, 0)
          from ad_accounts a left join timing t using (account_id) left join hits h using (account_id) left join entities e using (account_id)
         order by a.account_id
        """;

    /// <summary>
    /// Every account's health. <paramref name="syncInterval"/> is the scheduled sync's period: it sets the
    /// slots runs are judged by, and an entity is fresh when refreshed within two of them. <paramref name="now"/>
    /// is the moment judged: the database's clock when null.
    /// </summary>
    public static async Task<IReadOnlyList<AccountHealth>> ReadAsync(NpgsqlConnection connection, TimeSpan syncInterval,
        CancellationToken cancellationToken, DateTimeOffset? now = null)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)now ?? DBNull.Value });
        command.Parameters.AddWithValue("slot", syncInterval.TotalSeconds);
        command.Parameters.AddWithValue("history", HistoryRuns);
        command.Parameters.AddWithValue("fresh", syncInterval * 2);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<AccountHealth>();
        while (await reader.ReadAsync(cancellationToken))
            accounts.Add(new AccountHealth(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDouble(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.GetInt32(6), reader.GetInt32(7)));
        return accounts;
    }
}
