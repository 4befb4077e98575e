using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Media.Patreon;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// Progress of each Patreon crawl still going (running or paused, or with posts still being archived;
/// meter <c>Silo.Media.Patreon</c>), one series per crawl tagged <c>campaign</c>, <c>status</c> and
/// <c>phase</c>, read from the patreon_crawls table (cluster-wide).
/// </summary>
internal sealed class PatreonCrawlMetrics
{
    public const string MeterName = "Silo.Media.Patreon";

    public PatreonCrawlMetrics(IMeterFactory meters, NpgsqlDataSource database, IOptions<MetricsOptions> options, ILogger<PatreonCrawlMetrics> logger)
    {
        var reading = new DatabaseReading<IReadOnlyList<PatreonCrawlView>>(database, (connection, ct) => PatreonCrawlQueries.ActiveAsync(connection, null, ct),
            options.Value.DatabaseReadInterval, logger);
        new RunGauges<PatreonCrawlView>(meters.Create(MeterName), reading, v => [new("campaign", v.CampaignId), new("status", v.Status), new("phase", v.Phase)])
            .Add("silo_patreon_crawl_posts_found", v => v.PostsFound, "Posts the crawl listed (phase 1).")
            .Add("silo_patreon_crawl_details_read", v => v.DetailsRead, "Posts whose details the crawl read and handed to their post grains (phase 2).")
            .Add("silo_patreon_crawl_posts_archived", v => v.Archived, "Posts of the crawl whose media is archived.")
            .Add("silo_patreon_crawl_posts_failed", v => v.Failed, "Posts of the crawl whose archiving failed for good.")
            .Add("silo_patreon_crawl_progress", v => v.Progress, "Posts of the crawl settled (archived, failed or gone) per post listed, 0..1.")
            .Add("silo_patreon_crawl_slowdowns", v => v.Slowdowns, "Times the crawl waited for Patreon's rate limit (429).");
    }
}
