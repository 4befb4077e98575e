using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Runtime.Grains;
using Silo.Runtime.Hosting;
using Silo.Runtime.Storage;

namespace Silo.Runtime.Execution;

/// <summary>
/// Runs one claimed grain: reads its state, then its turns one at a time (messages in order, then due
/// reminders) until it has no work due, its turn budget is spent, or the node drains.
/// </summary>
internal sealed partial class ActivationRunner(
    IServiceProvider services,
    NpgsqlDataSource database,
    GrainCatalog catalog,
    TurnCommitter committer,
    ActiveGrains active,
    RuntimeMetrics metrics,
    IOptions<RuntimeOptions> options,
    ILogger<ActivationRunner> logger)
{
    private readonly RuntimeOptions _options = options.Value;

    public async Task RunAsync(GrainId id, long fence, CancellationToken draining, CancellationToken aborted)
    {
        using var activation = new GrainActivation(id, fence, committer, aborted);
        active.Add(activation);
        var counters = metrics.For(id.Type);
        try
        {
            var activated = false;
            for (var turn = 1; ; turn++)
            {
                var work = await NextWorkAsync(activation, loadState: !activated, aborted);
                if (work is null || draining.IsCancellationRequested)
                {
                    await committer.ReleaseAsync(activation, aborted);
                    return;
                }
                activation.BeginTurn((work as Work.Message)?.Envelope);
                try
                {
                    if (!activated)
                    {
                        activation.Grain = Create(activation);
                        await activation.Grain.OnActivateAsync(activation.Aborted);
                        activated = true;
                    }
                    await (work switch
                    {
                        Work.Message m => activation.Grain.ReceiveAsync(m.Body, activation.Aborted),
                        Work.Reminder r => activation.Grain.ReceiveReminder(r.Name, r.Status, activation.Aborted),
                        _ => throw new InvalidOperationException(),
                    });
                }
                catch (Exception e) when (e is not LeaseLostException && !activation.Aborted.IsCancellationRequested)
                {
                    counters.TurnFailed();
                    var attempt = work.Attempt + 1;
                    var parked = await committer.RecordFailureAsync(activation, work.Completed, e, _options.RetryDelay(attempt),
                        _options.MaxAttempts, aborted);
                    if (parked) counters.MessageParked();
                    LogTurnFailed(e, id, work.Describe, attempt, parked);
                    return;
                }
                var keep = await activation.CommitAsync(work.Completed, keepLease: turn < _options.MaxTurnsPerActivation, aborted);
                counters.TurnCompleted();
                if (!keep) return;
            }
        }
        catch (LeaseLostException)
        {
            metrics.LeaseLost();
            LogLeaseLost(id);
        }
        catch (Exception e) when (activation.Aborted.IsCancellationRequested)
        {
            // Lease lost (renewal failed) or the shutdown deadline passed: the lease expires or was
            // released, and the work runs again wherever the grain is claimed next.
            LogActivationAborted(id, e.GetType().Name);
        }
        catch (Exception e)
        {
            // The database went away mid-activation. Nothing was committed past the last turn; the
            // lease expires and another claim (here or elsewhere) picks the grain up again.
            LogActivationError(e, id);
        }
        finally
        {
            active.Remove(activation);
        }
    }

    private Grain Create(GrainActivation activation)
    {
        var grain = (Grain)ActivatorUtilities.CreateInstance(services, catalog.Get(activation.Id.Type).GrainClass);
        grain.Activation = activation;
        return grain;
    }

    private async Task<Work?> NextWorkAsync(GrainActivation activation, bool loadState, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var store = catalog.StateStore(activation.Id.Type);
        // JSON state is read in the same round trip as the first work lookup; a grain type's own
        // store reads with its own commands first.
        var jsonState = loadState ? store as JsonStateStore : null;
        if (loadState && jsonState is null)
            activation.State = await store.ReadAsync(connection, activation.Id, cancellationToken);

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Command(GrainInboxSql.First, activation.Id), Command(GrainReminderSql.FirstDue, activation.Id) },
        };
        if (jsonState is not null) batch.BatchCommands.Insert(0, JsonStateStore.ReadCommand(activation.Id));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (jsonState is not null)
        {
            activation.State = jsonState.Deserialize(await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetString(0) : null);
            await reader.NextResultAsync(cancellationToken);
        }
        if (await reader.ReadAsync(cancellationToken) && reader.GetBoolean(6))
        {
            var envelope = new InboxMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5));
            return new Work.Message(envelope, catalog.Deserialize(envelope.MessageType, reader.GetString(3)));
        }
        await reader.NextResultAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            var status = new TickStatus(reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<TimeSpan>(2), reader.GetInt32(3) + 1);
            return new Work.Reminder(reader.GetString(0), status);
        }
        return null;
    }

    private static NpgsqlBatchCommand Command(string sql, GrainId id)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("type", id.Type);
        command.Parameters.AddWithValue("key", id.Key);
        return command;
    }

    private abstract record Work
    {
        public abstract CompletedWork Completed { get; }
        public abstract int Attempt { get; }
        public abstract string Describe { get; }

        public sealed record Message(InboxMessage Envelope, object Body) : Work
        {
            public override CompletedWork Completed => new CompletedWork.Message(Envelope.Sequence);
            public override int Attempt => Envelope.Attempt;
            public override string Describe => $"message {Envelope.MessageType} {Envelope.MessageId}";
        }

        public sealed record Reminder(string Name, TickStatus Status) : Work
        {
            public override CompletedWork Completed => new CompletedWork.Reminder(Name, Status.DueAt);
            public override int Attempt => Status.Attempt - 1;
            public override string Describe => $"reminder {Name}";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn of {GrainId} failed on {Work} (attempt {Attempt}, parked: {Parked})")]
    private partial void LogTurnFailed(Exception error, GrainId grainId, string work, int attempt, bool parked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease on {GrainId} was lost; its commit was refused and the new owner runs the work")]
    private partial void LogLeaseLost(GrainId grainId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Activation of {GrainId} aborted ({Reason})")]
    private partial void LogActivationAborted(GrainId grainId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation of {GrainId} stopped by an infrastructure error; its lease will expire")]
    private partial void LogActivationError(Exception error, GrainId grainId);
}
