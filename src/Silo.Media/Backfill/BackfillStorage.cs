using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;
using Silo.Media.Posts;

namespace Silo.Media.Backfill;

/// <summary>
/// Keeps <see cref="BackfillState"/> in <c>backfills</c> (checked against its <c>version</c>), the posts each
/// page handed on in <c>backfill_posts</c>, and a token alert in <c>alerts</c>, in one transaction per write.
/// </summary>
public sealed class BackfillStorage(NpgsqlDataSource database) : RelationalGrainStorage<BackfillState>(database)
{
    /// <summary>The provider name walk grains store their state under.</summary>
    public const string Name = "backfills";

    protected override async Task<(BackfillState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(BackfillSql.Read, connection) { Parameters = { new("id", key) } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new BackfillState
        {
            Exists = true,
            Source = reader.GetString(0), AccountId = reader.GetString(1), Tenant = reader.GetString(2), Run = reader.GetInt32(3),
            Status = reader.GetString(4), Since = Time(reader, 5), Until = Time(reader, 6), Cursor = reader.IsDBNull(7) ? null : reader.GetString(7),
            PagesRead = reader.GetInt32(8), PostsFound = reader.GetInt32(9), OldestReached = Time(reader, 10), NewestReached = Time(reader, 11),
            Slowdowns = reader.GetInt32(12), FailuresInRow = reader.GetInt32(13), NotBefore = Time(reader, 14),
            LastUsagePercent = reader.IsDBNull(15) ? null : reader.GetInt32(15), LastError = reader.IsDBNull(16) ? null : reader.GetString(16),
            StartedAt = reader.GetFieldValue<DateTimeOffset>(17), FinishedAt = Time(reader, 18), RefusalsInRow = reader.GetInt32(20),
        };
        return (state, reader.GetInt64(19));
    }

    protected override GrainWrite? Write(string key, BackfillState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        var write = new GrainWrite(Command(BackfillSql.Upsert,
            ("id", key), ("source", state.Source), ("account_id", state.AccountId), ("tenant", state.Tenant), ("run", state.Run),
            ("status", state.Status), ("since", state.Since), ("until", state.Until), ("cursor_after", state.Cursor),
            ("pages_read", state.PagesRead), ("posts_found", state.PostsFound), ("oldest_reached", state.OldestReached),
            ("newest_reached", state.NewestReached), ("slowdowns", state.Slowdowns), ("failures_in_row", state.FailuresInRow), ("refusals_in_row", state.RefusalsInRow),
            ("not_before", state.NotBefore), ("last_usage", state.LastUsagePercent), ("last_error", state.LastError),
            ("started_at", state.StartedAt), ("finished_at", state.FinishedAt), ("expected_version", expectedVersion)));
        if (state.HandedPostIds.Count > 0)
        {
            var posts = Command(BackfillSql.PostsInsert, ("id", key), ("run", state.Run));
            posts.Parameters.Add(new NpgsqlParameter("post_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = state.HandedPostIds.ToArray() });
            write.With.Add(posts);
        }
        if (state.ResolveAlert)
        {
            write.With.Add(Command(AlertSql.Resolve, ("kind", state.AlertKind)));
            write.With.Add(Command(AlertSql.Resolve, ("kind", state.RunFailedAlertKind)));
        }
        if (state.AlertToRaise is { } message) write.With.Add(Command(AlertSql.Raise, ("kind", state.AlertKind), ("message", message), ("tenant", state.Tenant)));
        if (state.RunFailedAlertToRaise is { } failed)
            write.With.Add(Command(AlertSql.Raise, ("kind", state.RunFailedAlertKind), ("message", failed), ("tenant", state.Tenant)));
        return write;
    }

    protected override void OnWritten(BackfillState state)
    {
        state.HandedPostIds = [];
        (state.AlertToRaise, state.RunFailedAlertToRaise, state.ResolveAlert) = (null, null, false);
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(value is null
                ? new NpgsqlParameter(name, DBNull.Value)
                {
                    NpgsqlDbType = name is "since" or "until" or "not_before" || name.EndsWith("_reached", StringComparison.Ordinal)
                        || name.EndsWith("_at", StringComparison.Ordinal) ? NpgsqlDbType.TimestampTz
                        : name is "last_usage" ? NpgsqlDbType.Integer : NpgsqlDbType.Text,
                }
                : new NpgsqlParameter(name, value));
        return command;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
