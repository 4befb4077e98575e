using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Media.Archiving;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// The Media section (sql/003_media.sql): posts by archive status, bytes stored and saved by
/// deduplication, the download error rate over the media module's alert window against its alert
/// line (seed 000: 20%), recent failures and the media alerts. A tenant sees its own posts, the files
/// they reference (its own references counted, as <c>GET /api/media/stats</c> does), its own attempts,
/// walks, crawls and transcript backfills, and its own alerts with the cluster's. Stored files and bytes count finished
/// transcripts' text and WebVTT files beside the media.
/// </summary>
internal sealed class MediaSection(IOptions<MediaOptions> options) : IDashboardSection
{
    // Every file once with its stored reference count; or a tenant's files with the references its posts make. Finished
    // transcripts add their two stored files (text and WebVTT) to the files and bytes stored.
    private const string AllStorage = """
        with m as (select count(*) as files, coalesce(sum(size), 0) as bytes,
                          coalesce(sum(size::numeric * greatest(reference_count - 1, 0)), 0) as saved
                     from media_files),
             t as (select count(*) * 2 as files, coalesce(sum(coalesce(text_bytes, 0) + coalesce(vtt_bytes, 0)), 0) as bytes
                     from transcripts where text_key is not null)
        select m.files + t.files as files, m.bytes + t.bytes as bytes_stored, m.saved as bytes_saved_by_dedup,
               t.files as transcript_files, t.bytes as transcript_bytes
          from m, t
        """;

    private const string TenantStorage = """
        with m as (select count(*) as files, coalesce(sum(size), 0) as bytes,
                          coalesce(sum(size::numeric * greatest(refs - 1, 0)), 0) as saved
                     from (select f.sha256, f.size, count(*) as refs
                             from posts p join post_media m on m.post_id = p.post_id join media_files f on f.sha256 = m.sha256
                            where p.tenant = @tenant group by f.sha256, f.size) files),
             t as (select count(*) * 2 as files, coalesce(sum(coalesce(text_bytes, 0) + coalesce(vtt_bytes, 0)), 0) as bytes
                     from transcripts t
                    where text_key is not null
                      and exists (select 1 from post_media m join posts p on p.post_id = m.post_id where m.sha256 = t.sha256 and p.tenant = @tenant))
        select m.files + t.files as files, m.bytes + t.bytes as bytes_stored, m.saved as bytes_saved_by_dedup,
               t.files as transcript_files, t.bytes as transcript_bytes
          from m, t
        """;

    public string Name => "media";
    public TimeSpan MaxAge => TimeSpan.FromSeconds(5);

    public async Task<object> ReadAsync(NpgsqlConnection connection, string? tenant, CancellationToken cancellationToken)
    {
        var media = options.Value;
        var counts = new Dictionary<string, long> { ["archived"] = 0, ["pending"] = 0, ["failed"] = 0, ["skipped"] = 0 };
        foreach (var row in await SqlRows.ReadAsync(connection,
            "select status, count(*) as n from posts where @tenant is null or tenant = @tenant group by 1", cancellationToken, SqlRows.Tenant(tenant)))
        {
            // posts.status: pending, downloading, success, error, skipped.
            var bucket = (string)row["status"]! switch { "success" => "archived", "error" => "failed", "skipped" => "skipped", _ => "pending" };
            counts[bucket] += (long)row["n"]!;
        }

        // The same window and attempts the media module raises its error_rate alert from (a tenant's: its posts' attempts).
        var attempts = await SqlRows.ReadOneAsync(connection, """
            select count(*) as attempts, count(*) filter (where not succeeded) as failed
              from media_attempts a
             where attempted_at > now() - @window
               and (@tenant is null or exists (select 1 from posts p where p.post_id = a.post_id and p.tenant = @tenant))
            """, cancellationToken, new NpgsqlParameter("window", media.ErrorRateWindow), SqlRows.Tenant(tenant));
        var total = (long)attempts["attempts"]!;
        var failed = (long)attempts["failed"]!;

        return new Dictionary<string, object?>
        {
            ["posts"] = counts,
            ["alert_error_rate"] = media.ErrorRateThreshold,
            ["error_rate_window_seconds"] = media.ErrorRateWindow.TotalSeconds,
            ["attempts_in_window"] = total,
            ["error_rate"] = total > 0 ? Math.Round((double)failed / total, 4) : 0,
            ["storage"] = await SqlRows.ReadOneAsync(connection, tenant is null ? AllStorage : TenantStorage, cancellationToken, SqlRows.Tenant(tenant)),
            ["recent_failures"] = await SqlRows.ReadAsync(connection, """
                select post_id, last_error::text as error, updated_at as at
                  from posts where status = 'error' and (@tenant is null or tenant = @tenant) order by updated_at desc limit 10
                """, cancellationToken, SqlRows.Tenant(tenant)),
            // A tenant's alerts and the cluster's (tenant *), as GET /api/alerts lists them.
            ["alerts"] = await SqlRows.ReadAsync(connection, """
                select created_at as at, kind, message, resolved from alerts
                 where @tenant is null or tenant in (@tenant, '*') order by created_at desc limit 10
                """, cancellationToken, SqlRows.Tenant(tenant)),
            // Each running walk's progress: a bar per backfill on the media page.
            ["backfills"] = await Silo.Media.Backfill.BackfillQueries.ActiveAsync(connection, tenant, cancellationToken),
            // Each running Patreon crawl's progress (seed 003): a bar per crawl.
            ["patreon_crawls"] = await Silo.Media.Patreon.PatreonCrawlQueries.ActiveAsync(connection, tenant, cancellationToken),
            // Each transcript backfill's progress: a bar per backfill.
            ["transcript_backfills"] = await Silo.Media.Transcription.Backfill.TranscriptBackfillQueries.ActiveAsync(connection, tenant, cancellationToken),
        };
    }
}
