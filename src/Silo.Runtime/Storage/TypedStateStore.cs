using Npgsql;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Storage;

/// <summary>Adapts a grain type's own <see cref="IGrainStateStore{TState}"/> to the runtime.</summary>
internal sealed class TypedStateStore<TState>(IGrainStateStore<TState> inner) : IGrainStateStore where TState : class, new()
{
    public bool UsesJsonColumn => false;

    public async Task<object?> ReadAsync(NpgsqlConnection connection, GrainId id, CancellationToken cancellationToken) =>
        await inner.ReadStateAsync(connection, id, cancellationToken) ?? new TState();

    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id, object? state, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(connection, transaction, id, (TState)state!, cancellationToken);
}
