using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Storage;
using Silo.Media.Posts;

namespace Silo.Media.Patreon;

/// <summary>
/// Keeps <see cref="PatreonCrawlState"/> in <c>patreon_crawls</c> (checked against its <c>version</c>), with what
/// the step that ended brought (a page's post ids, a post's details, the tiers) and the token alert, in one
/// transaction per write: a step counts as done exactly when its result is stored.
/// </summary>
public sealed class PatreonCrawlStorage(NpgsqlDataSource database) : RelationalGrainStorage<PatreonCrawlState>(database)
{
    protected override async Task<(PatreonCrawlState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PatreonCrawlSql.Read, connection) { Parameters = { new("id", key) } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new PatreonCrawlState
        {
            Exists = true, CampaignId = key, Tenant = reader.GetString(0), Run = reader.GetInt32(1), Status = reader.GetString(2), Phase = reader.GetString(3),
            Cursor = reader.IsDBNull(4) ? null : reader.GetString(4), PagesRead = reader.GetInt32(5), PostsFound = reader.GetInt32(6),
            DetailsRead = reader.GetInt32(7), PostsGone = reader.GetInt32(8), TiersFound = reader.GetInt32(9), Slowdowns = reader.GetInt32(10),
            FailuresInRow = reader.GetInt32(11), NotBefore = Time(reader, 12), LastError = reader.IsDBNull(13) ? null : reader.GetString(13),
            StartedAt = reader.GetFieldValue<DateTimeOffset>(14), FinishedAt = Time(reader, 15),
        };
        return (state, reader.GetInt64(16));
    }

    protected override GrainWrite? Write(string key, PatreonCrawlState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        var write = new GrainWrite(Command(PatreonCrawlSql.Upsert,
            ("id", key), ("tenant", state.Tenant), ("run", state.Run), ("status", state.Status), ("phase", state.Phase),
            ("cursor_next", Text(state.Cursor)), ("pages_read", state.PagesRead), ("posts_found", state.PostsFound), ("details_read", state.DetailsRead),
            ("posts_gone", state.PostsGone), ("tiers_found", state.TiersFound), ("slowdowns", state.Slowdowns), ("failures_in_row", state.FailuresInRow),
            ("not_before", Stamp(state.NotBefore)), ("last_error", Text(state.LastError)), ("started_at", state.StartedAt),
            ("finished_at", Stamp(state.FinishedAt)), ("expected_version", expectedVersion)));
        if (state.ListedPosts.Count > 0)
            write.With.Add(Command(PatreonCrawlSql.PostsInsert, ("id", key), ("run", state.Run), ("first", state.ListedFrom),
                ("post_ids", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = state.ListedPosts.ToArray() })));
        if (state.PostRead is { } post)
            write.With.Add(Command(PatreonCrawlSql.PostRecord, ("id", key), ("run", state.Run), ("post_id", post.Id), ("state", "handed"),
                ("title", Text(post.Title)), ("url", Text(post.Url)), ("published_at", Stamp(post.PublishedAt)), ("embed_url", Text(post.EmbedUrl)),
                ("is_public", post.IsPublic is { } p ? p : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = DBNull.Value }),
                ("tiers", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = post.Tiers })));
        if (state.PostGone is { } gone)
            write.With.Add(Command(PatreonCrawlSql.PostGone, ("id", key), ("run", state.Run), ("post_id", gone)));
        if (state.TiersRead is { } tiers)
        {
            write.With.Add(Command(PatreonCrawlSql.TiersDelete, ("id", key)));
            write.With.Add(Command(PatreonCrawlSql.TiersInsert, ("id", key),
                ("tier_ids", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = tiers.Select(t => t.Id).ToArray() }),
                ("titles", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = tiers.Select(t => (object?)t.Title ?? DBNull.Value).ToArray() }),
                ("amounts", new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = tiers.Select(t => (object?)t.AmountCents ?? DBNull.Value).ToArray() })));
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

    protected override void OnWritten(PatreonCrawlState state)
    {
        (state.ListedPosts, state.PostRead, state.PostGone, state.TiersRead) = ([], null, null, null);
        (state.AlertToRaise, state.RunFailedAlertToRaise, state.ResolveAlert) = (null, null, false);
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            if (value is NpgsqlParameter parameter)
            {
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            else command.Parameters.Add(new NpgsqlParameter(name, value));
        }
        return command;
    }

    private static object Text(string? value) => value is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value } : value;

    private static object Stamp(DateTimeOffset? value) =>
        value is { } at ? at : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DBNull.Value };

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
