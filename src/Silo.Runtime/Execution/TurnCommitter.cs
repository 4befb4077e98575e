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
/// </summary>
internal sealed class TurnCommitter(NpgsqlDataSource database, GrainCatalog catalog, SiloNode node)
{
    /// <summary>
    /// Commits the turn's effects. With <paramref name="work"/> (the end of a turn) also retires that
    /// work and reschedules; returns true when the grain keeps its lease because more work is due now
    /// and <paramref name="keepLease"/> allows it.
    /// </summary>
    public Task<bool> CommitAsync(GrainActivation activation, CompletedWork? work, bool keepLease, CancellationToken cancellationToken) =>
        InTransaction(activation, writeState: true, async (connection, transaction) =>
        {
            var store = catalog.StateStore(activation.Id.Type);
            if (!store.UsesJsonColumn)
                await store.WriteAsync(connection, transaction, activation.Id, activation.State, cancellationToken);
            if (work is not null)
                await Retire(connection, transaction, activation.Id, work, cancellationToken);
            await ApplyEffects(connection, transaction, activation, cancellationToken);
            // A mid-turn WriteStateAsync keeps the lease; only the end of a turn reschedules.
            return work is null || await Reschedule(connection, transaction, activation, keepLease, cancellationToken);
        }, cancellationToken);

    /// <summary>Gives the grain back: records when it next has work and clears the lease.</summary>
    public Task ReleaseAsync(GrainActivation activation, CancellationToken cancellationToken) =>
        InTransaction(activation, writeState: false, (connection, transaction) =>
            Reschedule(connection, transaction, activation, keepLease: false, cancellationToken), cancellationToken);

    /// <summary>Records a failed turn (nothing it buffered is kept) and releases the grain; returns true if the work was parked.</summary>
    public Task<bool> RecordFailureAsync(GrainActivation activation, CompletedWork work, Exception error, TimeSpan retryDelay,
        int maxAttempts, CancellationToken cancellationToken) =>
        InTransaction(activation, writeState: false, async (connection, transaction) =>
        {
            var message = $"{error.GetType().Name}: {error.Message}";
            bool parked;
            if (work is CompletedWork.Message m)
            {
                await using var command = new NpgsqlCommand(GrainInboxSql.RecordFailure, connection, transaction);
                command.Parameters.AddWithValue("id", m.Sequence);
                command.Parameters.AddWithValue("error", message);
                command.Parameters.AddWithValue("delay", retryDelay);
                command.Parameters.AddWithValue("max_attempts", maxAttempts);
                parked = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            }
            else
            {
                var r = (CompletedWork.Reminder)work;
                await using var command = Grain(GrainReminderSql.RecordFailure, connection, transaction, activation.Id);
                command.Parameters.AddWithValue("name", r.Name);
                command.Parameters.AddWithValue("due_at", r.DueAt);
                command.Parameters.AddWithValue("error", message);
                command.Parameters.AddWithValue("delay", retryDelay);
                command.Parameters.AddWithValue("max_attempts", maxAttempts);
                await command.ExecuteNonQueryAsync(cancellationToken);
                parked = false;
            }
            await Reschedule(connection, transaction, activation, keepLease: false, cancellationToken);
            return parked;
        }, cancellationToken);

    private async Task<T> InTransaction<T>(GrainActivation activation, bool writeState,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Fence(connection, transaction, activation, writeState, cancellationToken);
                var result = await body(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 5)
            {
                // Two grains messaging each other can lock each other's rows in opposite orders;
                // PostgreSQL aborts one transaction, and running the same commit again is safe.
            }
        }
    }

    private async Task Fence(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainActivation activation,
        bool writeState, CancellationToken cancellationToken)
    {
        var json = writeState && catalog.StateStore(activation.Id.Type) is JsonStateStore store ? store.Serialize(activation.State) : null;
        await using var command = Grain(GrainSql.FenceAndWriteState, connection, transaction, activation.Id);
        command.Parameters.AddWithValue("write_state", json is not null);
        command.Parameters.AddWithValue("state", NpgsqlDbType.Text, (object?)json ?? DBNull.Value);
        command.Parameters.AddWithValue("fence", activation.Fence);
        command.Parameters.AddWithValue("node", node.NodeId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            throw new LeaseLostException(activation.Id);
    }

    private static async Task Retire(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id, CompletedWork work,
        CancellationToken cancellationToken)
    {
        if (work is CompletedWork.Message m)
        {
            await using var command = new NpgsqlCommand(GrainInboxSql.MarkProcessed, connection, transaction);
            command.Parameters.AddWithValue("id", m.Sequence);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        else if (work is CompletedWork.Reminder r)
        {
            await using var command = Grain(GrainReminderSql.Fired, connection, transaction, id);
            command.Parameters.AddWithValue("name", r.Name);
            command.Parameters.AddWithValue("due_at", r.DueAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task ApplyEffects(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainActivation activation,
        CancellationToken cancellationToken)
    {
        foreach (var change in activation.Effects.Reminders)
        {
            await using var command = Grain(change.Remove ? GrainReminderSql.Delete : GrainReminderSql.Upsert, connection, transaction, activation.Id);
            command.Parameters.AddWithValue("name", change.Name);
            if (!change.Remove)
            {
                command.Parameters.AddWithValue("due", change.DueTime);
                command.Parameters.AddWithValue("period", NpgsqlDbType.Interval, (object?)change.Period ?? DBNull.Value);
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var message in activation.Effects.Messages)
        {
            var name = catalog.MessageName(message.Message.GetType());
            await InboxWriter.WriteAsync(connection, transaction, message.Target, name, catalog.Serialize(message.Message),
                message.MessageId, cancellationToken);
        }
    }

    private static async Task<bool> Reschedule(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainActivation activation,
        bool keepLease, CancellationToken cancellationToken)
    {
        await using var command = Grain(GrainSql.Reschedule, connection, transaction, activation.Id);
        command.Parameters.AddWithValue("keep", keepLease);
        command.Parameters.AddWithValue("fence", activation.Fence);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static NpgsqlCommand Grain(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("type", id.Type);
        command.Parameters.AddWithValue("key", id.Key);
        return command;
    }
}
