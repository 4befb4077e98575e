using System.Text.Json;
using Npgsql;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Storage;

/// <summary>The default store: state as JSON in <c>grains.state</c>, written by the fenced update.</summary>
internal sealed class JsonStateStore(Type stateType) : IGrainStateStore
{
    public bool UsesJsonColumn => true;

    public async Task<object?> ReadAsync(NpgsqlConnection connection, GrainId id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(GrainSql.ReadState, connection);
        command.Parameters.AddWithValue("type", id.Type);
        command.Parameters.AddWithValue("key", id.Key);
        var json = await command.ExecuteScalarAsync(cancellationToken) as string;
        return json is null ? Activator.CreateInstance(stateType) : JsonSerializer.Deserialize(json, stateType, GrainCatalog.Json);
    }

    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id, object? state, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public string Serialize(object? state) => JsonSerializer.Serialize(state, stateType, GrainCatalog.Json);
}

/// <summary>For grains without state (<see cref="Grain"/> rather than <see cref="Grain{TState}"/>).</summary>
internal sealed class NoStateStore : IGrainStateStore
{
    public static readonly NoStateStore Instance = new();
    public bool UsesJsonColumn => false;
    public Task<object?> ReadAsync(NpgsqlConnection connection, GrainId id, CancellationToken cancellationToken) => Task.FromResult<object?>(null);
    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id, object? state, CancellationToken cancellationToken) => Task.CompletedTask;
}
