using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Gateway.Dashboard.Sections;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// The media module's figures (meter <c>Silo.Media</c>), read from its tables (sql/003_media.sql) so
/// every node reports the same cluster-wide values (aggregate with max, not sum): archive attempts by
/// outcome (a counter: media_attempts is append-only), posts by status, files and bytes stored, bytes
/// the archived media references, deduplication hits (references beyond a file's first) with the
/// bytes they saved, and transcripts by status with the calls made to the transcription API and the files and bytes they
/// stored (not in <c>silo_media_files</c> and <c>silo_media_stored_bytes</c>, which count media files).
/// </summary>
internal sealed class MediaMetrics
{
    public const string MeterName = "Silo.Media";

    private const string Sql = """
        select (select count(*) from media_attempts where succeeded) as attempts_ok,
               (select count(*) from media_attempts where not succeeded) as attempts_failed,
               (select count(*) from media_files) as files,
               (select coalesce(sum(size), 0) from media_files)::float8 as stored_bytes,
               (select coalesce(sum(greatest(reference_count - 1, 0)), 0) from media_files)::float8 as dedup_hits,
               (select coalesce(sum(size::numeric * greatest(reference_count - 1, 0)), 0) from media_files)::float8 as dedup_saved_bytes,
               (select coalesce(sum(size), 0) from post_media where status = 'success')::float8 as archived_bytes,
               (select coalesce(sum(calls), 0) from transcripts)::float8 as transcription_calls,
               (select count(*) * 2 from transcripts where text_key is not null)::float8 as transcript_files,
               (select coalesce(sum(coalesce(text_bytes, 0) + coalesce(vtt_bytes, 0)), 0) from transcripts where text_key is not null)::float8
                   as transcript_stored_bytes
        """;

    private static readonly string[] PostStatuses = ["pending", "downloading", "success", "error", "skipped"];
    private static readonly string[] TranscriptStatuses = ["pending", "transcribing", "done", "failed", "skipped"];

    private readonly DatabaseReading<Figures> _reading;

    public MediaMetrics(IMeterFactory meters, NpgsqlDataSource database, IOptions<MetricsOptions> options, ILogger<MediaMetrics> logger)
    {
        _reading = new DatabaseReading<Figures>(database, ReadAsync, options.Value.DatabaseReadInterval, logger);
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("silo_media_archive_attempts", () => Measure(f =>
            [new(f.Values["attempts_ok"], Tag("outcome", "success")), new(f.Values["attempts_failed"], Tag("outcome", "failure"))]),
            description: "Archive attempts (one post's media downloaded and stored), by outcome (cluster-wide).");
        Gauge(meter, "silo_media_files", "files", "Distinct files stored, one per SHA-256 (cluster-wide).");
        Gauge(meter, "silo_media_stored_bytes", "stored_bytes", "Bytes of media files stored in the blob store, each file once; transcripts' files are silo_media_transcript_stored_bytes (cluster-wide).");
        Gauge(meter, "silo_media_transcript_files", "transcript_files", "Transcripts' stored files, a text and a WebVTT per finished transcript (cluster-wide).");
        Gauge(meter, "silo_media_transcript_stored_bytes", "transcript_stored_bytes", "Bytes of transcripts' stored text and WebVTT files (cluster-wide).");
        Gauge(meter, "silo_media_archived_bytes", "archived_bytes", "Bytes of archived media as downloaded, before deduplication (cluster-wide).");
        Gauge(meter, "silo_media_dedup_hits", "dedup_hits", "Downloads whose content was already stored (references beyond each file's first, cluster-wide).");
        Gauge(meter, "silo_media_dedup_saved_bytes", "dedup_saved_bytes", "Bytes not stored again thanks to deduplication (cluster-wide).");
        meter.CreateObservableGauge("silo_media_posts", () => Measure(f => [.. f.Posts.Select(p => new Measurement<double>(p.Value, Tag("status", p.Key)))]),
            description: "Posts by archive status (cluster-wide).");
        meter.CreateObservableGauge("silo_media_transcripts", () => Measure(f => [.. f.Transcripts.Select(p => new Measurement<double>(p.Value, Tag("status", p.Key)))]),
            description: "Transcripts of stored video and audio files by status (cluster-wide).");
        meter.CreateObservableCounter("silo_media_transcription_calls", () => Measure(f => [new(f.Values["transcription_calls"])]),
            description: "Calls made to the transcription API, answered or not (cluster-wide).");
    }

    private void Gauge(Meter meter, string name, string column, string description) =>
        meter.CreateObservableGauge(name, () => Measure(f => [new(f.Values[column])]), description: description);

    private IEnumerable<Measurement<double>> Measure(Func<Figures, Measurement<double>[]> select) =>
        _reading.Current() is { } figures ? select(figures) : [];

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    private static async Task<Figures> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var row = await SqlRows.ReadOneAsync(connection, Sql, cancellationToken);
        var values = row.ToDictionary(r => r.Key, r => Convert.ToDouble(r.Value, CultureInfo.InvariantCulture));
        var posts = PostStatuses.ToDictionary(s => s, _ => 0d);
        foreach (var r in await SqlRows.ReadAsync(connection, "select status, count(*) as n from posts group by 1", cancellationToken))
            posts[(string)r["status"]!] = (long)r["n"]!;
        var transcripts = TranscriptStatuses.ToDictionary(s => s, _ => 0d);
        foreach (var r in await SqlRows.ReadAsync(connection, "select status, count(*) as n from transcripts group by 1", cancellationToken))
            transcripts[(string)r["status"]!] = (long)r["n"]!;
        return new Figures(values, posts, transcripts);
    }

    private sealed record Figures(Dictionary<string, double> Values, Dictionary<string, double> Posts, Dictionary<string, double> Transcripts);
}
