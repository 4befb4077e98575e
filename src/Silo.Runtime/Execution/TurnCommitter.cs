using Npgsql;
using NpgsqlTypes;
using Silo.Runtime.Grains;
using Silo.Runtime.Hosting;
using Silo.Runtime.Inbox;
using Silo.Runtime.Storage;

namespace Silo.Runtime.Execution;

/// <summary>
/// Writes what a turn did, in one transaction that first proves the lease is still held (the fence):
/// state, retired work, reminder changes, outgoing messages, and when the grain next has work.
/// The statements travel to PostgreSQL as one batch, which is one implicit transaction: a turn's commit
/// costs one round trip however many effects it has, instead of one per statement plus BEGIN/COMMIT.
/// </summary>
internal sealed class TurnCommitter(NpgsqlDataSource database, GrainCatalog catalog, SiloNode node)
{
    /// <summary>
    /// Commits the turn's effects. With <paramref name="work"/> (the end of a turn) also retires that
    /// work and reschedules; returns true when the grain keeps its lease because more work is due now
    /// and <paramref name="keepLease"/> allows it.
    /// </summary>
    public Task<bool> CommitAsync(GrainActivation activation, CompletedWork? work, bool keepLease, CancellationToken cancellationToken) =>
        InTransaction(activation, writeState: true, reschedules: work is not null, batch =>
        {
            if (work is not null) batch.BatchCommands.Add(Retire(activation.Id, work));
            AddEffects(batch, activation);
            // A mid-turn WriteStateAsync keeps the lease; only the end of a turn reschedules.
            if (work is not null) batch.BatchCommands.Add(Reschedule(activation, keepLease, JsonState(activation, writeState: true)));
        }, rows => work is null || rows.LastOrDefault(), cancellationToken);

    /// <summary>Gives the grain back: records when it next has work and clears the lease.</summary>
    public Task ReleaseAsync(GrainActivation activation, CancellationToken cancellationToken) =>
        InTransaction(activation, writeState: false, reschedules: true,
            batch => batch.BatchCommands.Add(Reschedule(activation, keepLease: false, json: null)), _ => true, cancellationToken);

    /// <summary>Records a failed turn (nothing it buffered is kept) and releases the grain; returns true if the work was parked.</summary>
    public Task<bool> RecordFailureAsync(GrainActivation activation, CompletedWork work, Exception error, TimeSpan retryDelay,
        int maxAttempts, CancellationToken cancellationToken) =>
        InTransaction(activation, writeState: false, reschedules: true, batch =>
        {
            var message = $"{error.GetType().Name}: {error.Message}";
            NpgsqlBatchCommand command;
            if (work is CompletedWork.Message m)
            {
                command = new NpgsqlBatchCommand(GrainInboxSql.RecordFailure);
                command.Parameters.AddWithValue("id", m.Sequence);
            }
            else
            {
                var r = (CompletedWork.Reminder)work;
                command = Grain(GrainReminderSql.RecordFailure, activation.Id);
                command.Parameters.AddWithValue("name", r.Name);
                command.Parameters.AddWithValue("due_at", r.DueAt);
            }
            command.Parameters.AddWithValue("error", message);
            command.Parameters.AddWithValue("delay", retryDelay);
            command.Parameters.AddWithValue("max_attempts", maxAttempts);
            batch.BatchCommands.Add(command);
            batch.BatchCommands.Add(Reschedule(activation, keepLease: false, json: null));
        }, rows => work is CompletedWork.Message && rows.Count == 2 && rows[0], cancellationToken);

    /// <summary>
    /// Runs the fence, then the statements <paramref name="addCommands"/> adds, in one transaction. When
    /// the commit <paramref name="reschedules"/>, the fence only locks the row and Reschedule writes it.
    /// <paramref name="result"/> reads the boolean first column of every row the statements returned, in order.
    /// </summary>
    private async Task<T> InTransaction<T>(GrainActivation activation, bool writeState, bool reschedules, Action<NpgsqlBatch> addCommands,
        Func<List<bool>, T> result, CancellationToken cancellationToken)
    {
        var store = catalog.StateStore(activation.Id.Type);
        var ownTables = writeState && !store.UsesJsonColumn && store is not NoStateStore;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                if (!ownTables)
                {
                    // One batch is one implicit transaction, committed at its end in the same round
                    // trip; the fence's error aborts it whole.
                    await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Fence(activation, writeState, reschedules) } };
                    addCommands(batch);
                    return result(await ExecuteAsync(batch, activation, cancellationToken));
                }
                // A grain type's own store writes with its own commands, which must not run before the
                // fence has proved the lease: the fence goes first, then the store, then the rest.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var fence = new NpgsqlBatch(connection, transaction) { BatchCommands = { Fence(activation, writeState, reschedules) } })
                    await ExecuteAsync(fence, activation, cancellationToken);
                await store.WriteAsync(connection, transaction, activation.Id, activation.State, cancellationToken);
                await using var rest = new NpgsqlBatch(connection, transaction);
                addCommands(rest);
                var rows = await ExecuteAsync(rest, activation, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result(rows);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 5)
            {
                // Two grains messaging each other can lock each other's rows in opposite orders;
                // PostgreSQL aborts one transaction, and running the same commit again is safe.
            }
        }
    }

    /// <summary>Sends the batch and returns the boolean first column of every row it produced.</summary>
    private static async Task<List<bool>> ExecuteAsync(NpgsqlBatch batch, GrainActivation activation, CancellationToken cancellationToken)
    {
        var rows = new List<bool>();
        if (batch.BatchCommands.Count == 0) return rows;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                // Only Reschedule's and a failed message's rows are booleans; the fence's and a sent
                // message's NOTIFY are skipped.
                while (await reader.ReadAsync(cancellationToken))
                    if (reader.FieldCount > 0 && reader.GetDataTypeName(0) == "boolean" && !reader.IsDBNull(0))
                        rows.Add(reader.GetBoolean(0));
            } while (await reader.NextResultAsync(cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DivisionByZero
                                          && batch.BatchCommands[0].CommandText is GrainSql.FenceAndWriteState or GrainSql.FenceLock)
        {
            // Only the fence divides by a count in a commit (Fired and RecordFailure divide by a
            // period of at least 100 ms), so this is the fence refusing a lost lease.
            throw new LeaseLostException(activation.Id);
        }
        return rows;
    }

    private NpgsqlBatchCommand Fence(GrainActivation activation, bool writeState, bool reschedules)
    {
        NpgsqlBatchCommand command;
        if (reschedules)
            command = Grain(GrainSql.FenceLock, activation.Id);
        else
        {
            var json = JsonState(activation, writeState);
            command = Grain(GrainSql.FenceAndWriteState, activation.Id);
            command.Parameters.AddWithValue("write_state", json is not null);
            command.Parameters.AddWithValue("state", NpgsqlDbType.Text, (object?)json ?? DBNull.Value);
        }
        command.Parameters.AddWithValue("fence", activation.Fence);
        command.Parameters.AddWithValue("node", node.NodeId);
        return command;
    }

    /// <summary>The state as JSON when the grain type keeps it in <c>grains.state</c>; null otherwise.</summary>
    private string? JsonState(GrainActivation activation, bool writeState) =>
        writeState && catalog.StateStore(activation.Id.Type) is JsonStateStore store ? store.Serialize(activation.State) : null;

    private static NpgsqlBatchCommand Retire(GrainId id, CompletedWork work)
    {
        if (work is CompletedWork.Message m)
        {
            var command = new NpgsqlBatchCommand(GrainInboxSql.MarkProcessed);
            command.Parameters.AddWithValue("id", m.Sequence);
            return command;
        }
        var r = (CompletedWork.Reminder)work;
        var fired = Grain(GrainReminderSql.Fired, id);
        fired.Parameters.AddWithValue("name", r.Name);
        fired.Parameters.AddWithValue("due_at", r.DueAt);
        return fired;
    }

    private void AddEffects(NpgsqlBatch batch, GrainActivation activation)
    {
        foreach (var change in activation.Effects.Reminders)
        {
            var command = Grain(change.Remove ? GrainReminderSql.Delete : GrainReminderSql.Upsert, activation.Id);
            command.Parameters.AddWithValue("name", change.Name);
            if (!change.Remove)
            {
                command.Parameters.AddWithValue("due", change.DueTime);
                command.Parameters.AddWithValue("period", NpgsqlDbType.Interval, (object?)change.Period ?? DBNull.Value);
            }
            batch.BatchCommands.Add(command);
        }
        foreach (var message in activation.Effects.Messages)
        {
            var name = catalog.MessageName(message.Message.GetType());
            foreach (var command in InboxWriter.Commands(message.Target, name, catalog.Serialize(message.Message), message.MessageId))
                batch.BatchCommands.Add(command);
        }
    }

    /// <summary>Last statement of a commit that ends a turn; its one row says whether the lease is kept.</summary>
    private static NpgsqlBatchCommand Reschedule(GrainActivation activation, bool keepLease, string? json)
    {
        var command = Grain(GrainSql.Reschedule, activation.Id);
        command.Parameters.AddWithValue("keep", keepLease);
        command.Parameters.AddWithValue("fence", activation.Fence);
        command.Parameters.AddWithValue("write_state", json is not null);
        command.Parameters.AddWithValue("state", NpgsqlDbType.Text, (object?)json ?? DBNull.Value);
        return command;
    }

    private static NpgsqlBatchCommand Grain(string sql, GrainId id)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("type", id.Type);
        command.Parameters.AddWithValue("key", id.Key);
        return command;
    }
}
