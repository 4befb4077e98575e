using Npgsql;
using NpgsqlTypes;
using Silo.Media.Posts;

namespace Silo.Media.Intake;

/// <summary>The shards' reads and removals of the post_intake table, one statement each.</summary>
public sealed class IntakeStore(NpgsqlDataSource database)
{
    public async Task<IReadOnlyList<IntakeRow>> ReadBatchAsync(int shard, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(IntakeSql.PostIntakeReadBatch);
        command.Parameters.AddWithValue("shard", shard);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<IntakeRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new IntakeRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        return rows;
    }

    public async Task DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        await using var command = database.CreateCommand(IntakeSql.PostIntakeDelete);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records failed hand-overs; a parked row also raises an alert for its tenant (one open alert per post).</summary>
    public async Task FailAsync(IReadOnlyCollection<IntakeFailure> failures, CancellationToken cancellationToken)
    {
        if (failures.Count == 0) return;
        await using var batch = database.CreateBatch();
        var update = new NpgsqlBatchCommand(IntakeSql.PostIntakeFail);
        update.Parameters.AddWithValue("ids", failures.Select(f => f.Row.Id).ToArray());
        update.Parameters.AddWithValue("next_attempt_ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            failures.Select(f => f.NextAttemptAt?.ToUniversalTime()).ToArray());
        update.Parameters.AddWithValue("errors", failures.Select(f => f.Error).ToArray());
        update.Parameters.AddWithValue("parked_ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            failures.Select(f => f.ParkedAt?.ToUniversalTime()).ToArray());
        batch.BatchCommands.Add(update);
        foreach (var parked in failures.Where(f => f.ParkedAt is not null))
        {
            var alert = new NpgsqlBatchCommand(AlertSql.Raise);
            alert.Parameters.AddWithValue("kind", $"intake_parked:{parked.Row.PostId}");
            alert.Parameters.AddWithValue("message",
                $"A change of post {parked.Row.PostId} could not be handed to its grain after {parked.Row.Attempts + 1} tries and is parked (post_intake id {parked.Row.Id}): {parked.Error}");
            alert.Parameters.AddWithValue("tenant", parked.Row.Tenant);
            batch.BatchCommands.Add(alert);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Moves rows of shards beyond <paramref name="shards"/> (a lowered count) to the remaining ones.</summary>
    public async Task RehomeAsync(int shards, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(IntakeSql.PostIntakeRehome);
        command.Parameters.AddWithValue("shards", shards);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
