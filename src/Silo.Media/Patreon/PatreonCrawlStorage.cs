using Npgsql;
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
        var write = new GrainWrite(new NpgsqlBatchCommand(PatreonCrawlSql.Upsert)
            .With("id", key).With("tenant", state.Tenant).With("run", state.Run).With("status", state.Status).With("phase", state.Phase)
            .With("cursor_next", state.Cursor).With("pages_read", state.PagesRead).With("posts_found", state.PostsFound)
            .With("details_read", state.DetailsRead).With("posts_gone", state.PostsGone).With("tiers_found", state.TiersFound)
            .With("slowdowns", state.Slowdowns).With("failures_in_row", state.FailuresInRow).With("not_before", state.NotBefore)
            .With("last_error", state.LastError).With("started_at", state.StartedAt).With("finished_at", state.FinishedAt)
            .With("expected_version", expectedVersion));
        if (state.ListedPosts.Count > 0)
            write.With.Add(new NpgsqlBatchCommand(PatreonCrawlSql.PostsInsert)
                .With("id", key).With("run", state.Run).With("first", state.ListedFrom).With("post_ids", state.ListedPosts.ToArray()));
        if (state.PostRead is { } post)
            write.With.Add(new NpgsqlBatchCommand(PatreonCrawlSql.PostRecord)
                .With("id", key).With("run", state.Run).With("post_id", post.Id).With("state", "handed").With("title", post.Title)
                .With("url", post.Url).With("published_at", post.PublishedAt).With("embed_url", post.EmbedUrl).With("is_public", post.IsPublic)
                .With("tiers", post.Tiers));
        if (state.PostGone is { } gone)
            write.With.Add(new NpgsqlBatchCommand(PatreonCrawlSql.PostGone).With("id", key).With("run", state.Run).With("post_id", gone));
        if (state.TiersRead is { } tiers)
        {
            write.With.Add(new NpgsqlBatchCommand(PatreonCrawlSql.TiersDelete).With("id", key));
            write.With.Add(new NpgsqlBatchCommand(PatreonCrawlSql.TiersInsert).With("id", key)
                .With("tier_ids", tiers.Select(t => t.Id).ToArray()).With("titles", tiers.Select(t => t.Title).ToArray())
                .With("amounts", tiers.Select(t => t.AmountCents).ToArray()));
        }
        if (state.ResolveAlert)
        {
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Resolve).With("kind", state.AlertKind));
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Resolve).With("kind", state.RunFailedAlertKind));
        }
        if (state.AlertToRaise is { } message)
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Raise).With("kind", state.AlertKind).With("message", message).With("tenant", state.Tenant));
        if (state.RunFailedAlertToRaise is { } failed)
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Raise).With("kind", state.RunFailedAlertKind).With("message", failed).With("tenant", state.Tenant));
        return write;
    }

    protected override void OnWritten(PatreonCrawlState state)
    {
        (state.ListedPosts, state.PostRead, state.PostGone, state.TiersRead) = ([], null, null, null);
        (state.AlertToRaise, state.RunFailedAlertToRaise, state.ResolveAlert) = (null, null, false);
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
