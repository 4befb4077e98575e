using Npgsql;
using Silo.Insights.Storage;
using Silo.Hosting.Inbox;

namespace Silo.Insights.Entities;

/// <summary>POST /meta/insights/accounts: stores the account and wakes its grain in one transaction.</summary>
public sealed class AccountConnector(NpgsqlDataSource database, IClusterClient cluster)
{
    public Task ConnectAsync(string accountId, string tenant, string name, string tokenRef, CancellationToken cancellationToken) =>
        ConnectAsync(accountId, tenant, name, tokenRef, $"connect:{Guid.NewGuid()}", cancellationToken);

    /// <summary>As above with a caller-chosen message id: the same id wakes the grain once (a node restarting reconnects nothing).</summary>
    public async Task ConnectAsync(string accountId, string tenant, string name, string tokenRef, string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await AdAccountStore.ConnectAsync(connection, transaction, accountId, tenant, name, tokenRef, cancellationToken);
        await cluster.SendAsync(connection, transaction, InsightsGrains.Account(accountId), new AccountConnected(accountId),
            messageId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
