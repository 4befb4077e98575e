using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Kills a node mid-work and measures, from the database, how long until every grain it held was
/// claimed by another node (its fence moved on). Times are PostgreSQL's clock.
/// </summary>
public static class Takeover
{
    public sealed record Result(int GrainsHeld, TimeSpan? Elapsed, int Recovered);

    /// <summary>Waits until <paramref name="victim"/> holds at least <paramref name="minimumLeases"/> leases, then SIGKILLs it.</summary>
    public static async Task<Result> KillAndMeasureAsync(FaultDatabase database, SiloProcess victim, int minimumLeases, TimeSpan deadline)
    {
        await Eventually.UntilAsync(async () => await database.TryScalarAsync<long>(
                "select count(*) from grains where lease_owner = @node and lease_expires_at > now()", ("node", victim.NodeId)) >= minimumLeases,
            $"{victim.Name} holds {minimumLeases} leases (is mid-work)", TimeSpan.FromSeconds(60));

        var killedAt = await database.ScalarAsync<DateTime>("select clock_timestamp()");
        await victim.KillAsync();
        // The process is gone: the leases it held can only be taken over now, not released.
        var held = await database.RowsAsync("select grain_type, grain_key, fence from grains where lease_owner = @node", ("node", victim.NodeId));
        var types = held.Select(r => (string)r[0]!).ToArray();
        var keys = held.Select(r => (string)r[1]!).ToArray();
        var fences = held.Select(r => (long)r[2]!).ToArray();

        var stop = DateTime.UtcNow + deadline;
        var recovered = 0;
        while (DateTime.UtcNow < stop)
        {
            var rows = await database.RowsAsync("""
                select count(*), clock_timestamp()
                  from grains g join unnest(@types, @keys, @fences) as h(grain_type, grain_key, fence)
                    on g.grain_type = h.grain_type and g.grain_key = h.grain_key
                 where g.fence > h.fence
                """, ("types", types), ("keys", keys), ("fences", fences));
            recovered = (int)(long)rows[0][0]!;
            if (recovered == held.Count) return new Result(held.Count, (DateTime)rows[0][1]! - killedAt, recovered);
            await Task.Delay(100);
        }
        return new Result(held.Count, null, recovered);
    }
}
