using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Media.Archiving;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// The Media section (sql/003_media.sql): posts by archive status, bytes stored and saved by
/// deduplication, the download error rate over the media module's alert window against its alert
/// line (seed 000: 20%), recent failures and the media alerts.
/// </summary>
internal sealed class MediaSection(IOptions<MediaOptions> options) : IDashboardSection
{
    public string Name => "media";
    public TimeSpan MaxAge => TimeSpan.FromSeconds(5);

    public async Task<object> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var media = options.Value;
        var counts = new Dictionary<string, long> { ["archived"] = 0, ["pending"] = 0, ["failed"] = 0, ["skipped"] = 0 };
        foreach (var row in await SqlRows.ReadAsync(connection, "select status, count(*) as n from posts group by 1", cancellationToken))
        {
            // posts.status: pending, downloading, success, error, skipped.
            var bucket = (string)row["status"]! switch { "success" => "archived", "error" => "failed", "skipped" => "skipped", _ => "pending" };
            counts[bucket] += (long)row["n"]!;
        }

        // The same window and attempts the media module raises its error_rate alert from.
        var attempts = await SqlRows.ReadOneAsync(connection, """
            select count(*) as attempts, count(*) filter (where not succeeded) as failed
              from media_attempts where attempted_at > now() - @window
            """, cancellationToken, ("window", media.ErrorRateWindow));
        var total = (long)attempts["attempts"]!;
        var failed = (long)attempts["failed"]!;

        return new Dictionary<string, object?>
        {
            ["posts"] = counts,
            ["alert_error_rate"] = media.ErrorRateThreshold,
            ["error_rate_window_seconds"] = media.ErrorRateWindow.TotalSeconds,
            ["attempts_in_window"] = total,
            ["error_rate"] = total > 0 ? Math.Round((double)failed / total, 4) : 0,
            ["storage"] = await SqlRows.ReadOneAsync(connection, """
                select count(*) as files, coalesce(sum(size), 0) as bytes_stored,
                       coalesce(sum(size::numeric * greatest(reference_count - 1, 0)), 0) as bytes_saved_by_dedup
                  from media_files
                """, cancellationToken),
            ["recent_failures"] = await SqlRows.ReadAsync(connection, """
                select post_id, last_error::text as error, updated_at as at
                  from posts where status = 'error' order by updated_at desc limit 10
                """, cancellationToken),
            ["alerts"] = await SqlRows.ReadAsync(connection, """
                select created_at as at, kind, message, resolved from alerts order by created_at desc limit 10
                """, cancellationToken),
            // Each running walk's progress (issue 12): a bar per backfill on the media page.
            ["backfills"] = await Silo.Media.Backfill.BackfillQueries.ActiveAsync(connection, cancellationToken),
            // Each running Patreon crawl's progress (issue 12, seed 003): a bar per crawl.
            ["patreon_crawls"] = await Silo.Media.Patreon.PatreonCrawlQueries.ActiveAsync(connection, cancellationToken),
        };
    }
}
