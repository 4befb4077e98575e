using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Hosting.Hosting;
using Silo.Hosting.Meta;
using Silo.Media.Archiving;
using Silo.Media.BlobStores;
using Silo.Media.Meta;

namespace Silo.Media.Scrub;

/// <summary>
/// Fetches a missing or corrupted file again from the links it was downloaded from, through the guarded fetcher: a link whose
/// <c>oe</c> expiry has passed is first read afresh from the Graph API (the post's Graph object, the same slot). The bytes are
/// put back under the file's key only when they hash to the file's SHA-256 (a source that now serves something else repairs
/// nothing). A file its source's policy converted (seed 003: Patreon videos as MP4) is converted again, which ffmpeg does to
/// the same bytes; a preview, which no item downloaded, is made again from its original (<see cref="PreviewRemake"/>).
/// </summary>
public sealed class ScrubRepair(NpgsqlDataSource database, MediaFetcher fetcher, MetaGraphClient graph, IBlobStore store, FormatConverter converter,
    IOptionsMonitor<MediaPolicyOptions> policies, PreviewRemake previews, [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    /// <summary>Null once the file is back under <paramref name="key"/>; otherwise why it could not be.</summary>
    public async Task<string?> TryAsync(string sha256, string key, CancellationToken cancellationToken)
    {
        var sources = await SourcesAsync(sha256, cancellationToken);
        if (sources.Count == 0) return await previews.TryAsync(sha256, key, cancellationToken);
        string? why = null;
        foreach (var source in sources)
        {
            try
            {
                var url = await LinkAsync(source, cancellationToken);
                using var downloaded = await fetcher.DownloadAsync(new Uri(url), source.Kind, cancellationToken);
                using var file = await ConvertAsync(source.Source, downloaded, cancellationToken);
                if (file.Sha256 != sha256)
                {
                    why = $"the link of {source.Slot} now serves other bytes (SHA-256 {file.Sha256[..12]}…)";
                    continue;
                }
                await store.PutFileAsync(key, file.TempPath, source.MimeType ?? file.MimeType, cancellationToken);
                return null;
            }
            catch (Exception e) when (e is DownloadException or GraphApiException or HttpRequestException or UriFormatException
                or BlobStoreUnavailableException or BlobStoreFullException or System.Text.Json.JsonException
                || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                why = e.Message;
            }
        }
        return why;
    }

    /// <summary>The file as the archive stored it: in the format its source's policy asks for its kind, or as it came.</summary>
    private Task<DownloadedFile> ConvertAsync(string source, DownloadedFile file, CancellationToken cancellationToken)
    {
        var policy = policies.CurrentValue.For(source);
        var format = file.Kind switch { MediaKind.Video => policy.VideoFormat, MediaKind.Audio => policy.AudioFormat, _ => null };
        return string.IsNullOrEmpty(format) ? Task.FromResult(file) : converter.ConvertAsync(file, format, cancellationToken);
    }

    /// <summary>The item's stored link, or, once its expiry has passed, the one the Graph API gives the same slot now.</summary>
    private async Task<string> LinkAsync(RepairSource source, CancellationToken cancellationToken)
    {
        if (!CdnLinkExpiry.HasExpired(source.OriginalUrl, time.GetUtcNow())) return source.OriginalUrl;
        if (source.GraphObjectId is null)
            throw new DownloadException(DownloadFailureKind.Final, "link_expired", "The link expired and the post has no Graph object id to refresh it.");
        var media = await graph.ResolveMediaAsync(source.Source, source.GraphObjectId, cancellationToken);
        return media.FirstOrDefault(m => m.Slot == source.Slot)?.Url
            ?? throw new DownloadException(DownloadFailureKind.Final, "link_expired", $"The link expired and the Graph API no longer lists {source.Slot}.");
    }

    private async Task<List<RepairSource>> SourcesAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ScrubSql.RepairSources);
        command.Parameters.Add(new NpgsqlParameter<string>("sha256", sha256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sources = new List<RepairSource>();
        while (await reader.ReadAsync(cancellationToken))
            sources.Add(new RepairSource(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5) switch { "video" => MediaKind.Video, "audio" => MediaKind.Audio, _ => MediaKind.Image },
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        return sources;
    }

    private sealed record RepairSource(string Source, string? GraphObjectId, string Slot, string OriginalUrl, MediaKind Kind, string? MimeType);
}
