using Npgsql;
using Silo.Testing;

namespace Silo.Media.Tests.Support;

/// <summary>
/// Holds the posts table in EXCLUSIVE mode from a test's own transaction: reads go on (the API, a grain's activation),
/// every write of a post waits. So an acknowledged change stays in the intake, its grain unable to store it, until disposed.
/// </summary>
public sealed class PostWritesHeld : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private PostWritesHeld(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<PostWritesHeld> HoldAsync(TestDatabase database)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("lock table posts in exclusive mode", connection, transaction))
            await command.ExecuteNonQueryAsync();
        return new PostWritesHeld(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.CommitAsync();
        await _connection.DisposeAsync();
    }
}
