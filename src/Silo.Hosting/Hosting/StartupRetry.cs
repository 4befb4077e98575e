using Npgsql;

namespace Silo.Hosting.Hosting;

/// <summary>
/// Start-up steps that need the database (migrations, membership, the bootstrap key) retry while
/// PostgreSQL is restarting or a connection is cut, instead of failing the node: a node started
/// before its database, or during a failover, joins once the database answers.
/// </summary>
public static class StartupRetry
{
    /// <summary>How long start-up keeps trying before it gives up and the node exits.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Budget;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await step(cancellationToken);
                return;
            }
            catch (Exception e) when (IsTransient(e) && DateTime.UtcNow + delay < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException { IsTransient: true } => true,
        // 57P01 admin_shutdown (pg_terminate_backend), 57P02/57P03: the server is shutting down or starting.
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" } => true,
        System.Net.Sockets.SocketException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
