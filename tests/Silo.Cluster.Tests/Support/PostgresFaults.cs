using System.Diagnostics;
using Npgsql;
using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Faults of the database server itself: a restart, its backends terminated, a transaction left
/// idle. A restart affects every database on the server, which is why this project runs alone.
/// </summary>
public sealed class PostgresFaults(FaultDatabase database)
{
    /// <summary>
    /// Terminates every client connection to the test database but this one; returns how many. Only
    /// client backends: an autovacuum worker on the database counts as a superuser's process, and
    /// signalling it fails the whole statement for a non-superuser (42501).
    /// </summary>
    public Task<long> TerminateBackendsAsync() => database.ScalarAsync<long>("""
        select count(*) filter (where terminated)
          from (select pg_terminate_backend(pid) as terminated
                  from pg_stat_activity
                 where datname = @db and backend_type = 'client backend' and pid <> pg_backend_pid()) t
        """, ("db", database.Name));

    /// <summary>
    /// Vacuum pressure: a repeatable-read transaction reads one row of the busiest grain table and then
    /// sits idle, holding its snapshot (so no dead post or state row can be vacuumed) for <paramref name="hold"/>.
    /// Returns whether another connection saw it idle in transaction with its snapshot (backend_xmin) held.
    /// </summary>
    public async Task<bool> HoldIdleTransactionAsync(TimeSpan hold, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using (var read = new NpgsqlCommand("select post_id from posts order by post_id limit 1", connection, transaction))
            await read.ExecuteScalarAsync(cancellationToken);
        var pid = connection.ProcessID;
        var holdsSnapshot = await database.ScalarAsync<bool>(
            "select state = 'idle in transaction' and backend_xmin is not null from pg_stat_activity where pid = @pid", ("pid", pid));
        await Task.Delay(hold, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        return holdsSnapshot;
    }

    /// <summary>
    /// Restarts the PostgreSQL cluster serving the test database (found with pg_lsclusters by port)
    /// and waits until it accepts connections again. Proves the restart happened: the server's start
    /// time must move, and a probe connecting all the while counts the attempts it refused.
    /// </summary>
    public async Task<PostgresRestart> RestartServerAsync(CancellationToken cancellationToken)
    {
        var port = new NpgsqlConnectionStringBuilder(database.ConnectionString).Port;
        var clusters = await RunAsync("pg_lsclusters", ["-h"], cancellationToken);
        var cluster = clusters.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(columns => columns.Length > 2 && columns[2] == port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException($"pg_lsclusters lists no cluster on port {port}:\n{clusters}");
        var startedBefore = await database.ScalarAsync<DateTime>("select pg_postmaster_start_time()");
        using var stopProbing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probe = CountRefusalsAsync(stopProbing.Token);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // Like deploy/postgres.sh: Debian's cluster tools switch to the postgres user themselves, given root.
            if (Environment.UserName == "root") await RunAsync("pg_ctlcluster", [cluster[0], cluster[1], "restart"], cancellationToken);
            else await RunAsync("sudo", ["-n", "pg_ctlcluster", cluster[0], cluster[1], "restart"], cancellationToken);
            NpgsqlConnection.ClearAllPools();
            await Eventually.UntilAsync(database.AcceptsConnectionsAsync, "PostgreSQL accepts connections after its restart", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stopProbing.CancelAsync();
        }
        var unavailable = stopwatch.Elapsed;
        var refused = await probe;
        var startedAfter = await database.ScalarAsync<DateTime>("select pg_postmaster_start_time()");
        return new PostgresRestart(startedAfter > startedBefore, refused, unavailable);
    }

    /// <summary>Tries a fresh connection every few milliseconds until cancelled; returns how many attempts failed.</summary>
    private async Task<int> CountRefusalsAsync(CancellationToken cancellationToken)
    {
        var refused = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await database.AcceptsConnectionsAsync()) refused++;
            try { await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken); }
            catch (OperationCanceledException) { break; }
        }
        return refused;
    }

    private static async Task<string> RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
