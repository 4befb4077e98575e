using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Hosting;
using Silo.Media.Posts;

namespace Silo.Media.Intake;

/// <summary>
/// This node's one writer of the post intake (group commit): deliveries wait in a channel, and one loop inserts
/// everything waiting in one multi-row statement, so a burst of deliveries costs a few commits, not one each.
/// <see cref="AppendAsync"/> returns once the delivery's own rows are committed, or throws and nothing of it is
/// stored (one statement is atomic, and a delivery is never split across two). After a commit the shards written
/// to are nudged, never awaited by a request; their reminders pick up what a nudge lost.
/// </summary>
public sealed partial class IntakeWriter : IHostedService
{
    /// <summary>The meter of the intake's figures (<c>silo_intake_commits_total</c>, <c>silo_intake_rows_total</c>).</summary>
    public const string MeterName = "Silo.Media.Intake";

    private readonly NpgsqlDataSource _database;
    private readonly IGrainFactory _grains;
    private readonly IntakeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IntakeWriter> _logger;
    private readonly Channel<Delivery> _waiting;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _rows;
    private Delivery? _carried;
    private Task? _loop;

    public IntakeWriter(NpgsqlDataSource database, IGrainFactory grains, IOptions<IntakeOptions> options, IMeterFactory meters,
        [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<IntakeWriter> logger)
    {
        (_database, _grains, _options, _time, _logger) = (database, grains, options.Value, time, logger);
        _waiting = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(_options.MaxWaitingDeliveries) { SingleReader = true });
        var meter = meters.Create(MeterName);
        _commits = meter.CreateCounter<long>("silo.intake.commits", description: "Multi-row inserts the intake writer committed");
        _rows = meter.CreateCounter<long>("silo.intake.rows", description: "Changes the intake writer committed");
    }

    private sealed record Delivery(IReadOnlyList<PostReceived> Changes, TaskCompletionSource Committed);

    /// <summary>Appends a delivery's changes; returns once they are committed. Throws when they are not (then none is stored).</summary>
    public async Task AppendAsync(IReadOnlyList<PostReceived> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0) return;
        var delivery = new Delivery(changes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // Throws ChannelClosedException once the node is stopping: the request is answered 5xx and Meta redelivers.
        await _waiting.Writer.WriteAsync(delivery, cancellationToken);
        // Not cancelled once queued: the outcome is the commit's, and the caller must not answer before it is known.
        await delivery.Committed.Task;
    }

    /// <summary>Waits for deliveries, then commits everything waiting (up to the row cap) in one insert; false once stopped and drained.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_carried is null && !await _waiting.Reader.WaitToReadAsync(cancellationToken)) return false;
        var batch = TakeWaiting();
        if (batch.Count == 0) return true;
        var rows = batch.SelectMany(d => d.Changes).Select(c => (Key: PostIds.Key(c.Source, c.SourcePostId), Change: c))
            .Select(r => (r.Key, r.Change, Shard: IntakeShards.Of(r.Key, _options.Shards))).ToList();
        try
        {
            await using var command = _database.CreateCommand(IntakeSql.PostIntakeInsert);
            command.Parameters.AddWithValue("post_ids", rows.Select(r => r.Key).ToArray());
            command.Parameters.AddWithValue("tenants", rows.Select(r => r.Change.Tenant).ToArray());
            command.Parameters.AddWithValue("shards", rows.Select(r => r.Shard).ToArray());
            command.Parameters.AddWithValue("changes", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, rows.Select(r => IntakeJson.Write(r.Change)).ToArray());
            command.Parameters.AddWithValue("received_at", _time.GetUtcNow());
            // Never cancelled midway: a commit whose outcome is unknown would leave its requests unanswerable.
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogNotCommitted(_logger, e, batch.Count, rows.Count);
            foreach (var delivery in batch) delivery.Committed.TrySetException(e);
            return true;
        }
        _commits.Add(1);
        _rows.Add(rows.Count);
        foreach (var delivery in batch) delivery.Committed.TrySetResult();
        foreach (var shard in rows.Select(r => r.Shard).Distinct()) _ = NudgeAsync(shard);
        return true;
    }

    /// <summary>Whole deliveries, oldest first, up to the row cap (a delivery larger than the cap goes alone).</summary>
    private List<Delivery> TakeWaiting()
    {
        var batch = new List<Delivery>();
        var rows = 0;
        while ((_carried ?? (_waiting.Reader.TryRead(out var next) ? next : null)) is { } delivery)
        {
            _carried = null;
            if (batch.Count > 0 && rows + delivery.Changes.Count > _options.MaxRowsPerCommit)
            {
                _carried = delivery;
                break;
            }
            batch.Add(delivery);
            rows += delivery.Changes.Count;
        }
        return batch;
    }

    private async Task NudgeAsync(int shard)
    {
        try { await _grains.GetGrain<IIntakeShardGrain>(shard).Nudge(); }
        catch (Exception e) { LogNudgeFailed(_logger, e, shard); } // the shard's reminder picks its rows up
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(async () =>
        {
            while (await RunOnceAsync(CancellationToken.None)) { }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Takes no more deliveries and commits those already waiting; those still waiting when the host gives up are failed (5xx).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _waiting.Writer.TryComplete();
        if (_loop is null) return;
        try { await _loop.WaitAsync(cancellationToken); }
        catch (OperationCanceledException)
        {
            var stopped = new OperationCanceledException("The node stopped before the delivery was committed.");
            _carried?.Committed.TrySetException(stopped);
            while (_waiting.Reader.TryRead(out var delivery)) delivery.Committed.TrySetException(stopped);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake: {Deliveries} deliveries ({Rows} changes) not committed; they are answered 5xx")]
    private static partial void LogNotCommitted(ILogger logger, Exception exception, int deliveries, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake: shard {Shard} could not be nudged; its reminder picks its rows up")]
    private static partial void LogNudgeFailed(ILogger logger, Exception exception, int shard);
}
