using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Media.Backfill;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// Progress of each history walk still going (running or paused, or with posts still being archived;
/// meter <c>Silo.Media.Backfill</c>), one series per walk tagged <c>backfill</c> (<c>facebook:{pageId}</c>,
/// <c>instagram:{igUserId}</c>) and <c>status</c>, read from the backfills table (cluster-wide).
/// </summary>
internal sealed class BackfillMetrics
{
    public const string MeterName = "Silo.Media.Backfill";

    public BackfillMetrics(IMeterFactory meters, NpgsqlDataSource database, IOptions<MetricsOptions> options, ILogger<BackfillMetrics> logger)
    {
        var reading = new DatabaseReading<IReadOnlyList<BackfillView>>(database, (connection, ct) => BackfillQueries.ActiveAsync(connection, null, ct),
            options.Value.DatabaseReadInterval, logger);
        new RunGauges<BackfillView>(meters.Create(MeterName), reading, v => [new("backfill", v.Id), new("status", v.Status)])
            .Add("silo_backfill_pages_read", v => v.PagesRead, "Graph API pages read by the walk's current run.")
            .Add("silo_backfill_posts_found", v => v.PostsFound, "Posts the walk found and handed to their post grains.")
            .Add("silo_backfill_posts_archived", v => v.Archived, "Posts of the walk whose media is archived.")
            .Add("silo_backfill_posts_failed", v => v.Failed, "Posts of the walk whose archiving failed for good.")
            .Add("silo_backfill_progress", v => v.Progress, "Posts of the walk settled (archived, failed or skipped) per post found, 0..1.")
            .Add("silo_backfill_slowdowns", v => v.Slowdowns, "Times the walk rested for Meta's rate limits.")
            .Add("silo_backfill_oldest_reached_seconds", v => v.OldestReached?.ToUnixTimeSeconds() ?? 0,
                "Publication time of the oldest post the walk reached (Unix seconds).");
    }
}
