using Npgsql;
using NpgsqlTypes;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Inbox;

/// <summary>Stores one message in a grain's inbox inside the caller's transaction.</summary>
internal static class InboxWriter
{
    public const string WorkChannel = "silo_work";

    /// <summary>Returns false when the message id was already stored for that grain (a duplicate).</summary>
    public static async Task<bool> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, GrainId target,
        string messageType, string payload, string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        // Lock the target's row first (Wake), then insert: a grain rescheduling itself holds the same
        // row lock, so it either sees this message or we set next_run_at after it.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(GrainSql.Wake, target),
                Command(GrainInboxSql.Insert, target,
                    ("message_id", messageId, NpgsqlDbType.Text),
                    ("message_type", messageType, NpgsqlDbType.Text),
                    ("payload", payload, NpgsqlDbType.Text)),
                new NpgsqlBatchCommand($"select pg_notify('{WorkChannel}', '')"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[1].RecordsAffected == 1;
    }

    private static NpgsqlBatchCommand Command(string sql, GrainId target, params (string Name, object Value, NpgsqlDbType Type)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("type", NpgsqlDbType.Text, target.Type);
        command.Parameters.AddWithValue("key", NpgsqlDbType.Text, target.Key);
        foreach (var (name, value, type) in parameters)
            command.Parameters.AddWithValue(name, type, value);
        return command;
    }
}
