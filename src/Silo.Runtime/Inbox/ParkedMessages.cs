using Npgsql;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Inbox;

/// <summary>Messages that used up their attempts: listed for a person, and retried on request.</summary>
public sealed class ParkedMessages(NpgsqlDataSource database)
{
    public async Task<IReadOnlyList<ParkedMessage>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(GrainInboxSql.ListParked, connection);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var parked = new List<ParkedMessage>();
        while (await reader.ReadAsync(cancellationToken))
            parked.Add(new ParkedMessage(reader.GetInt64(0), new GrainId(reader.GetString(1), reader.GetString(2)).ToString(),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9)));
        return parked;
    }

    /// <summary>Gives a parked message a fresh set of attempts. Returns false if no such parked message exists.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(GrainInboxSql.Unpark, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return false;
        var grain = new GrainId(reader.GetString(0), reader.GetString(1));
        await reader.DisposeAsync();
        await using var wake = new NpgsqlCommand(GrainSql.Wake + $"; select pg_notify('{InboxWriter.WorkChannel}', '')", connection, transaction);
        wake.Parameters.AddWithValue("type", grain.Type);
        wake.Parameters.AddWithValue("key", grain.Key);
        await wake.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

/// <summary>A parked message as a person sees it.</summary>
public sealed record ParkedMessage(long Id, string GrainId, string MessageId, string MessageType, string Payload, int Attempts,
    string? LastError, DateTimeOffset EnqueuedAt, DateTimeOffset ParkedAt);
