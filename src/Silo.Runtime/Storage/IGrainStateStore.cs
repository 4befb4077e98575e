using Npgsql;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Storage;

/// <summary>
/// Keeps a grain type's state in its own relational tables (posts, publish batches, …) so that what
/// users query is plain SQL. Writes run inside the turn's commit transaction, after the runtime has
/// checked the grain's fence: a node that lost its lease never reaches them.
/// </summary>
public interface IGrainStateStore<TState> where TState : class, new()
{
    /// <summary>Reads the state, or returns null when the grain has none yet (a new state is used).</summary>
    Task<TState?> ReadStateAsync(NpgsqlConnection connection, GrainId id, CancellationToken cancellationToken);

    /// <summary>Writes the state inside the turn's transaction.</summary>
    Task WriteStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id, TState state, CancellationToken cancellationToken);
}

/// <summary>The runtime's untyped view of a state store.</summary>
internal interface IGrainStateStore
{
    /// <summary>True when state is written into <c>grains.state</c> by the fence-guarded update itself.</summary>
    bool UsesJsonColumn { get; }
    Task<object?> ReadAsync(NpgsqlConnection connection, GrainId id, CancellationToken cancellationToken);
    Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id, object? state, CancellationToken cancellationToken);
}
