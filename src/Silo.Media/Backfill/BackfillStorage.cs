using Npgsql;
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
        var write = new GrainWrite(new NpgsqlBatchCommand(BackfillSql.Upsert)
            .With("id", key).With("source", state.Source).With("account_id", state.AccountId).With("tenant", state.Tenant).With("run", state.Run)
            .With("status", state.Status).With("since", state.Since).With("until", state.Until).With("cursor_after", state.Cursor)
            .With("pages_read", state.PagesRead).With("posts_found", state.PostsFound).With("oldest_reached", state.OldestReached)
            .With("newest_reached", state.NewestReached).With("slowdowns", state.Slowdowns).With("failures_in_row", state.FailuresInRow)
            .With("refusals_in_row", state.RefusalsInRow).With("not_before", state.NotBefore).With("last_usage", state.LastUsagePercent)
            .With("last_error", state.LastError).With("started_at", state.StartedAt).With("finished_at", state.FinishedAt)
            .With("expected_version", expectedVersion));
        if (state.HandedPostIds.Count > 0)
            write.With.Add(new NpgsqlBatchCommand(BackfillSql.PostsInsert).With("id", key).With("run", state.Run).With("post_ids", state.HandedPostIds.ToArray()));
        if (state.ResolveAlert)
        {
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Resolve).With("kind", state.AlertKind));
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Resolve).With("kind", state.RunFailedAlertKind));
        }
        if (state.AlertToRaise is { } message) write.With.Add(new NpgsqlBatchCommand(AlertSql.Raise).With("kind", state.AlertKind).With("message", message).With("tenant", state.Tenant));
        if (state.RunFailedAlertToRaise is { } failed)
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Raise).With("kind", state.RunFailedAlertKind).With("message", failed).With("tenant", state.Tenant));
        return write;
    }

    protected override void OnWritten(BackfillState state)
    {
        state.HandedPostIds = [];
        (state.AlertToRaise, state.RunFailedAlertToRaise, state.ResolveAlert) = (null, null, false);
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
