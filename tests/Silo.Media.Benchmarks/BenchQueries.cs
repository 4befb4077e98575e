using Npgsql;
using Silo.Testing;

namespace Silo.Media.Benchmarks;

/// <summary>What the benchmarks read back from the database.</summary>
public static class BenchQueries
{
    /// <summary>Waits until <paramref name="expected"/> posts are archived or finally failed (or the timeout); returns (archived, failed).</summary>
    public static async Task<(int Archived, int Failed)> WaitForPostsAsync(TestDatabase database, int expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var archived = (int)await database.ScalarAsync<long>("select count(*) from posts where status = 'success'");
                var failed = (int)await database.ScalarAsync<long>("select count(*) from posts where status = 'error' and next_retry_at is null");
                if (archived + failed >= expected || DateTime.UtcNow > deadline) return (archived, failed);
            }
            catch (NpgsqlException e) when (e.IsTransient || e is PostgresException { SqlState: "57P01" } && DateTime.UtcNow < deadline)
            {
                // The shared server was restarted or our backend terminated: the nodes reconnect, and so does this poll.
            }
            await Task.Delay(100, cancellationToken); // polling a benchmark's finish line, not synchronising a test
        }
    }

    public static async Task<Dictionary<string, DateTimeOffset>> ArchivedAtAsync(TestDatabase database)
    {
        var result = new Dictionary<string, DateTimeOffset>();
        await using var command = database.DataSource.CreateCommand("select post_id, archived_at from posts where status = 'success'");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        return result;
    }
}
