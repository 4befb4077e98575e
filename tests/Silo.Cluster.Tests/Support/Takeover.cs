using Orleans;
using Orleans.Runtime;
using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Takes a silo out mid-work (SIGKILL, or SIGSTOP: hung with its sockets open) and measures how long
/// until every post grain it held mid-download has written its state again on another silo (its
/// <c>posts.version</c> moved on): Orleans' equivalent of the old runtime's fence moving on. The
/// grains it held come from Orleans' management grain; times are PostgreSQL's clock.
/// </summary>
public static class Takeover
{
    public sealed record Result(int GrainsHeld, TimeSpan? Elapsed, int Recovered, TimeSpan? DeclaredDeadAfter, IReadOnlyList<string> Posts,
        IReadOnlyList<string> Sessions);

    /// <summary>
    /// Waits until <paramref name="victim"/> holds at least <paramref name="minimumInFlight"/> posts that are
    /// downloading, then applies <paramref name="fault"/> and measures.
    /// </summary>
    public static async Task<Result> MeasureAsync(FaultDatabase database, IClusterClient client, SiloProcess victim, Func<Task> fault,
        int minimumInFlight, TimeSpan deadline)
    {
        List<object?[]> held = [];
        await Eventually.UntilAsync(async () =>
        {
            held = await InFlightPostsAsync(database, client, victim);
            return held.Count >= minimumInFlight;
        }, $"{victim.Name} holds {minimumInFlight} posts mid-download", TimeSpan.FromSeconds(60));

        var faultAt = await database.ScalarAsync<DateTime>("select clock_timestamp()");
        await fault();
        // Read again now the victim can no longer write: the posts still downloading are the work the
        // fault interrupted (one that finished between the look-up and the fault has nothing left to
        // resume), and these are the versions another silo must move on.
        var ids = held.Select(r => (string)r[0]!).ToArray();
        var rows = await database.RowsAsync("select post_id, version from posts where post_id = any(@ids) and status = 'downloading'", ("ids", ids));
        ids = rows.Select(r => (string)r[0]!).ToArray();
        var versions = rows.Select(r => (long)r[1]!).ToArray();

        // A measurement, not a wait: each 100 ms sample stamps (on the database's clock) when the victim was
        // declared dead and when the last post moved on, and the report states those times, so it stays its own
        // loop rather than Eventually (which only says whether a condition came true). The sampling period only
        // bounds the figures' resolution; no assertion depends on it.
        var stop = DateTime.UtcNow + deadline;
        TimeSpan? declaredDead = null;
        var recovered = 0;
        IReadOnlyList<string> sessions = [];
        while (DateTime.UtcNow < stop)
        {
            if (declaredDead is null && await victim.StatusAsync(database) == SiloProcess.Dead)
                declaredDead = await database.ScalarAsync<DateTime>("select clock_timestamp()") - faultAt;
            var progress = await database.RowsAsync("""
                select count(*), clock_timestamp()
                  from posts p join unnest(@ids, @versions) as h(post_id, version) on p.post_id = h.post_id
                 where p.version > h.version
                """, ("ids", ids), ("versions", versions));
            recovered = (int)(long)progress[0][0]!;
            if (recovered == ids.Length && declaredDead is not null)
                return new Result(ids.Length, (DateTime)progress[0][1]! - faultAt, recovered, declaredDead, await DescribeAsync(database, ids, faultAt), sessions);
            // What a stalled take-over waits on, seen once the victim has been declared dead: sessions
            // held in a transaction and statements waiting on a lock.
            if (declaredDead is not null && sessions.Count == 0) sessions = await SessionsAsync(database);
            await Task.Delay(100);
        }
        return new Result(ids.Length, null, recovered, declaredDead, await DescribeAsync(database, ids, faultAt), await SessionsAsync(database));
    }

    /// <summary>Each post the fault caught mid-download, as it stands now: for the report's details.</summary>
    private static async Task<IReadOnlyList<string>> DescribeAsync(FaultDatabase database, string[] ids, DateTime faultAt)
    {
        var rows = await database.RowsAsync(
            "select post_id, status, version, attempts, extract(epoch from updated_at - @at) from posts where post_id = any(@ids) order by post_id",
            ("ids", ids), ("at", faultAt));
        return rows.Select(r => $"{r[0]}: {r[1]}, version {r[2]}, attempts {r[3]}, last written {Convert.ToDouble(r[4]):0.0} s after the fault").ToList();
    }

    /// <summary>The test database's sessions idle in a transaction or waiting on a lock, for the report.</summary>
    private static async Task<IReadOnlyList<string>> SessionsAsync(FaultDatabase database)
    {
        var rows = await database.RowsAsync("""
            select pid, state, coalesce(wait_event_type, ''), coalesce(extract(epoch from clock_timestamp() - xact_start), 0),
                   pg_blocking_pids(pid)::text, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
              from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid()
               and (state like 'idle in transaction%' or wait_event_type = 'Lock')
            """);
        return rows.Select(r => $"session {r[0]}: {r[1]} {r[2]}, transaction open {Convert.ToDouble(r[3]):0.0} s, blocked by {r[4]}: {r[5]}").ToList();
    }

    /// <summary>Post grains active on <paramref name="victim"/> whose post is downloading, as (post_id) rows.</summary>
    private static async Task<List<object?[]>> InFlightPostsAsync(FaultDatabase database, IClusterClient client, SiloProcess victim)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var address = hosts.Keys.FirstOrDefault(h => h.Endpoint.Port == victim.SiloPort);
        if (address is null) return [];
        var statistics = await management.GetDetailedGrainStatistics(hostsIds: [address]);
        var keys = statistics.Where(s => s.GrainId.Type.ToString() == "post").Select(s => s.GrainId.Key.ToString()!).ToArray();
        if (keys.Length == 0) return [];
        return await database.RowsAsync("select post_id from posts where post_id = any(@ids) and status = 'downloading'", ("ids", keys));
    }
}
