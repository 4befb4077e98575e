using Npgsql;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Inbox;

internal sealed class ClusterClient(NpgsqlDataSource database, GrainCatalog catalog) : IClusterClient
{
    public async Task<bool> SendAsync(GrainId target, object message, string messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await Write(connection, null, target, message, messageId, cancellationToken);
    }

    public Task<bool> SendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GrainId target, object message,
        string messageId, CancellationToken cancellationToken = default) =>
        Write(connection, transaction, target, message, messageId, cancellationToken);

    private Task<bool> Write(NpgsqlConnection connection, NpgsqlTransaction? transaction, GrainId target, object message,
        string messageId, CancellationToken cancellationToken)
    {
        var registration = catalog.Get(target.Type);
        var name = catalog.MessageName(message.GetType());
        if (!registration.Messages.ContainsKey(name))
            throw new InvalidOperationException($"Grain type '{target.Type}' does not handle {name}.");
        return InboxWriter.WriteAsync(connection, transaction, target, name, catalog.Serialize(message), messageId, cancellationToken);
    }
}
