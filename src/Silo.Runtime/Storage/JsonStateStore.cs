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
        return Deserialize(await command.ExecuteScalarAsync(cancellationToken) as string);
    }

    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId id, object? state, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>The read as a statement, so an activation sends it in the same round trip as its first work lookup.</summary>
    public static NpgsqlBatchCommand ReadCommand(GrainId id)
    {
        var command = new NpgsqlBatchCommand(GrainSql.ReadState);
        command.Parameters.AddWithValue("type", id.Type);
        command.Parameters.AddWithValue("key", id.Key);
        return command;
    }

    public object? Deserialize(string? json) =>
        json is null ? Activator.CreateInstance(stateType) : JsonSerializer.Deserialize(json, stateType, GrainCatalog.Json);

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
