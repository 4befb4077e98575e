using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Silo.Hosting.Storage;

/// <summary>
/// Grain state kept in a module's own relational tables (posts, publish batches, ad entities), so
/// what users query is plain SQL and never disagrees with the grain. The grain's row carries a
/// <c>version</c> column that is the ETag: every write is one batch, sent in one round trip and
/// committed by PostgreSQL as one implicit transaction, whose first statement (<see cref="GrainWrite.OwnRow"/>) moves the version on
/// only from the version this activation read, so a stale activation (the directory can briefly
/// allow two) fails with <see cref="InconsistentStateException"/> and writes nothing, instead of
/// overwriting newer state. Orleans then deactivates it. No explicit transaction: a node that hangs
/// between a write and its COMMIT would keep its row locks until it woke (sql/012_grain_write_check.sql).
/// </summary>
public abstract class RelationalGrainStorage<TState>(NpgsqlDataSource database) : IGrainStorage where TState : class, new()
{
    /// <summary>Reads the state and its version, or null when the grain has nothing stored yet.</summary>
    protected abstract Task<(TState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken);

    /// <summary>
    /// What storing <paramref name="state"/> writes, its own row checked against
    /// <paramref name="expectedVersion"/> (0: no row yet); null when there is nothing to store yet.
    /// </summary>
    protected abstract GrainWrite? Write(string key, TState state, long expectedVersion);

    /// <summary>Called once the write has committed (to clear what the state held only for this write).</summary>
    protected virtual void OnWritten(TState state) { }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenConnectionAsync();
        var stored = await ReadAsync(connection, KeyOf(grainId), CancellationToken.None);
        grainState.State = stored is { } s ? As<T>(s.State) : As<T>(new TState());
        grainState.ETag = stored?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = stored is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = (TState)(object)grainState.State!;
        var expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, System.Globalization.CultureInfo.InvariantCulture);
        if (Write(KeyOf(grainId), state, expected) is not { } write) return;
        await using var connection = await database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Checked(write.OwnRow) } };
        foreach (var command in write.With) batch.BatchCommands.Add(command);
        try
        {
            await batch.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == StaleWriteState)
        {
            throw new InconsistentStateException(
                $"{GetType().Name}: {grainId} was written by another activation since this one read it (version {expected}).",
                grainState.ETag, currentEtag: null, storageException: e);
        }
        grainState.ETag = (expected + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        OnWritten(state);
    }

    /// <summary>
    /// The grain's own row is checked in the database: a write of anything but one row raises, PostgreSQL
    /// skips the rest of the batch and rolls back what it had done (one round trip, no open transaction).
    /// </summary>
    private static NpgsqlBatchCommand Checked(NpgsqlBatchCommand ownRow)
    {
        ownRow.CommandText = $"with written as ({ownRow.CommandText.TrimEnd()} returning 1) select silo_expect_one_write(count(*)) from written";
        return ownRow;
    }

    /// <summary>The SQLSTATE <c>silo_expect_one_write</c> raises.</summary>
    private const string StaleWriteState = "SL409";

    /// <summary>Module state is the users' record (a post, a batch): grains never clear it.</summary>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        throw new NotSupportedException($"{GetType().Name} keeps its grains' records; they are not cleared.");

    /// <summary>The grain's string key (<c>fb:123_456</c>, a batch id, <c>campaign:1202…</c>).</summary>
    public static string KeyOf(GrainId grainId) => grainId.Key.ToString()!;

    private static T As<T>(TState state) => state is T typed
        ? typed
        : throw new InvalidOperationException($"A grain asked for {typeof(T).Name} from the storage of {typeof(TState).Name}.");
}
