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
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in Commands(target, messageType, payload, messageId)) batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[1].RecordsAffected == 1;
    }

    /// <summary>
    /// The statements that store one message, for a caller that sends them in its own batch (a turn's
    /// commit). Lock the target's row first (Wake), then insert: a grain rescheduling itself holds the
    /// same row lock, so it either sees this message or we set next_run_at after it.
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> Commands(GrainId target, string messageType, string payload, string messageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        yield return Command(GrainSql.Wake, target);
        yield return Command(GrainInboxSql.Insert, target,
            ("message_id", messageId, NpgsqlDbType.Text),
            ("message_type", messageType, NpgsqlDbType.Text),
            ("payload", payload, NpgsqlDbType.Text));
        yield return new NpgsqlBatchCommand($"select pg_notify('{WorkChannel}', '')");
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
