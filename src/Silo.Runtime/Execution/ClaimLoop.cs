using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Runtime.Grains;
using Silo.Runtime.Hosting;
using Silo.Runtime.Inbox;
using Silo.Runtime.Notifications;

namespace Silo.Runtime.Execution;

/// <summary>
/// The node's producer: claims runnable grains with <c>FOR UPDATE SKIP LOCKED</c> while it has free
/// turn slots and hands each to an <see cref="ActivationRunner"/>. Woken by NOTIFY, by a finished
/// activation when work is backed up, and otherwise by a poll, so a lost notification only delays.
/// </summary>
internal sealed partial class ClaimLoop(
    NpgsqlDataSource database,
    ActivationRunner runner,
    ActiveGrains active,
    RuntimeMetrics metrics,
    SiloNode node,
    NotificationListener notifications,
    IOptions<RuntimeOptions> options,
    ILogger<ClaimLoop> logger) : IHostedService
{
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);
    private readonly RuntimeOptions _options = options.Value;
    private readonly AsyncSignal _wake = new();
    private readonly CancellationTokenSource _draining = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly HashSet<Task> _running = [];
    private Task? _loop;
    private IDisposable? _subscription;
    private volatile bool _backlog;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifications.Subscribe(InboxWriter.WorkChannel, _ => _wake.Set());
        _loop = Task.Run(() => LoopAsync(_draining.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops claiming, lets running turns finish within the shutdown timeout, then releases every lease.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await _draining.CancelAsync();
        if (_loop is not null) await _loop;
        Task[] running;
        lock (_running) running = [.. _running];
        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(_options.ShutdownTimeout, cancellationToken)) != all)
        {
            LogShutdownDeadline(running.Count(t => !t.IsCompleted));
            await _aborted.CancelAsync();
            // A grain that ignores cancellation must not hold the process: give up on it after a
            // grace period; its lease expires and its work runs again elsewhere.
            await Task.WhenAny(all, Task.Delay(AbortGrace, cancellationToken));
        }
        try
        {
            await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
            await using var command = new NpgsqlCommand(GrainSql.ReleaseAllLeases, connection);
            command.Parameters.AddWithValue("node", node.NodeId);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogReleaseFailed(e);
        }
    }

    private async Task LoopAsync(CancellationToken draining)
    {
        var errorDelay = TimeSpan.FromMilliseconds(100);
        while (!draining.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var free = _options.MaxConcurrentTurns - active.Count;
                // While work is backed up, claim in batches of a quarter of the slots rather than one
                // claim round trip per finished activation.
                if (free <= 0 || (_backlog && free < Math.Max(1, _options.MaxConcurrentTurns / 4)))
                {
                    _backlog = true;
                    wait = _options.PollInterval;
                }
                else
                {
                    var (claimed, untilNext) = await ClaimAsync(free, draining);
                    foreach (var (id, fence, recovered) in claimed)
                    {
                        if (recovered) metrics.LeaseRecovered();
                        Start(id, fence);
                    }
                    _backlog = claimed.Count == free;
                    wait = _backlog ? TimeSpan.Zero : Min(_options.PollInterval, untilNext);
                }
                errorDelay = TimeSpan.FromMilliseconds(100);
            }
            catch (OperationCanceledException) when (draining.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // PostgreSQL restarting or unreachable: keep the node up and try again.
                LogClaimFailed(e, errorDelay);
                wait = errorDelay;
                errorDelay = Min(errorDelay * 2, TimeSpan.FromSeconds(5));
            }
            if (wait > TimeSpan.Zero)
            {
                try { await _wake.WaitAsync(wait, draining); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Start(GrainId id, long fence)
    {
        var task = Task.Run(() => runner.RunAsync(id, fence, _draining.Token, _aborted.Token));
        lock (_running) _running.Add(task);
        task.ContinueWith(t =>
        {
            lock (_running) _running.Remove(t);
            if (_backlog) _wake.Set();
        }, TaskScheduler.Default);
    }

    private async Task<(List<(GrainId Id, long Fence, bool Recovered)> Claimed, TimeSpan UntilNext)> ClaimAsync(int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var claim = new NpgsqlBatchCommand(GrainSql.Claim);
        claim.Parameters.AddWithValue("limit", limit);
        claim.Parameters.AddWithValue("node", node.NodeId);
        claim.Parameters.AddWithValue("lease", _options.LeaseDuration);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { claim, new NpgsqlBatchCommand(GrainSql.SecondsUntilNextRun) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<(GrainId, long, bool)>();
        while (await reader.ReadAsync(cancellationToken))
            claimed.Add((new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetInt64(2), !reader.IsDBNull(3)));
        await reader.NextResultAsync(cancellationToken);
        var untilNext = TimeSpan.MaxValue;
        if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            untilNext = TimeSpan.FromSeconds(Math.Max(0.005, reader.GetDouble(0)));
        return (claimed, untilNext);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming grains failed; retrying in {Delay}")]
    private partial void LogClaimFailed(Exception error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown deadline passed with {Count} activations still running; aborting them")]
    private partial void LogShutdownDeadline(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing leases at shutdown failed; they will expire instead")]
    private partial void LogReleaseFailed(Exception error);
}
