using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving.Probing;
using Silo.Hosting.Outbound;

namespace Silo.Media.Archiving;

/// <summary>
/// YouTube (seed 003): runs <c>yt-dlp</c> with an argument list (never a shell string, and the URL
/// after <c>--</c> so it can never be read as an option) into a temporary folder, with the info JSON
/// (title, uploader, channel, duration, upload date) and the configured subtitles. Download mode
/// fetches the video too; embed mode only its details and subtitles. Only URLs on
/// <see cref="YtDlpOptions.Hosts"/> (YouTube's) are handed over, to the pinned extractors only, and every
/// request yt-dlp makes goes through the node's <see cref="GuardedProxy"/>: its redirects, the video CDN and
/// subtitle hosts pass the same allow-list and address decision as every download.
/// </summary>
public sealed class YtDlpDownloader : IAsyncDisposable
{
    // Every name a proxy could be given to yt-dlp by, or a proxy skipped by (Python's urllib bypasses --proxy for NO_PROXY hosts).
    private static readonly string[] ProxyVariables =
        ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy"];

    // How yt-dlp says no allowed extractor reads a URL (older releases, newer ones and the generic extractor finding nothing).
    private static readonly string[] UnsupportedUrl = ["No suitable extractor found for URL", "Unsupported URL"];

    private readonly IOptions<MediaOptions> _options;
    private readonly IOptions<MediaPolicyOptions> _policy;
    private readonly MediaWorkLimits? _limits;
    private readonly HostAllowList _hosts;
    private readonly GuardedConnector _guard;
    private readonly GuardedProxy _proxy;
    private readonly MediaProbe _probe;
    private readonly DecodeCheck _decodes;

    public YtDlpDownloader(IOptions<MediaOptions> options, IOptions<MediaPolicyOptions> policy, ILogger<GuardedProxy> logger, MediaWorkLimits? limits = null)
    {
        (_options, _policy, _limits) = (options, policy, limits);
        var ytDlp = options.Value.YtDlp;
        _hosts = new HostAllowList(ytDlp.EffectiveHosts);
        _guard = new GuardedConnector(_hosts, options.Value.AllowLoopbackForTesting);
        var reachable = new HostAllowList(ytDlp.ReachableHosts);
        _proxy = new GuardedProxy(reachable, new GuardedConnector(reachable, options.Value.AllowLoopbackForTesting), options.Value.ResponseTimeout, logger);
        _probe = new MediaProbe(options, limits);
        _decodes = new DecodeCheck(options, limits);
    }

    public async Task<YtDlpResult> DownloadAsync(Uri url, bool withVideo, CancellationToken cancellationToken)
    {
        if (url.Scheme is not ("http" or "https") || !_hosts.Allows(url))
            throw new DownloadException(DownloadFailureKind.Final, "host_refused", $"Host {url.Authority} is not in Silo:Media:YtDlp:Hosts.");
        try { await _guard.AllowedAddressesAsync(url.IdnHost, url.Port, cancellationToken); }
        catch (AddressRefusedException e) { throw new DownloadException(DownloadFailureKind.Final, "address_refused", e.Message, e); }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "connection_error", $"{url.IdnHost} could not be resolved: {e.Message}", e);
        }

        var folder = Path.Combine(Path.GetTempPath(), "silo-ytdlp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            _limits?.EnsureFreeDisk(folder);
            using (_limits is null ? null : await MediaWorkLimits.EnterAsync(_limits.Downloads, cancellationToken))
                await RunAsync(url, folder, withVideo, cancellationToken);
            var details = await ReadDetailsAsync(Path.Combine(folder, "video.info.json"), cancellationToken);
            var subtitles = Directory.GetFiles(folder, "*.vtt").ToDictionary(
                f => Path.GetFileNameWithoutExtension(f).Split('.').Last(), f => f);
            DownloadedFile? video = null;
            if (withVideo)
            {
                var path = Directory.GetFiles(folder).FirstOrDefault(f => !f.EndsWith(".vtt", StringComparison.Ordinal)
                        && !f.EndsWith(".part", StringComparison.Ordinal) && !f.EndsWith(".json", StringComparison.Ordinal))
                    ?? throw new DownloadException(DownloadFailureKind.Transient, "ytdlp_no_output", "yt-dlp finished without a video file.");
                video = await HashAsync(path, cancellationToken);
            }
            return new YtDlpResult(video, details, subtitles, folder);
        }
        catch
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    private async Task RunAsync(Uri url, string folder, bool withVideo, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var youtube = _policy.Value.YouTube;
        var arguments = new List<string>
        {
            // No configuration file, batch file, cookies, plug-in commands or cache from the node's user: only what is given here.
            "--ignore-config", "--no-batch-file", "--no-cookies", "--no-cookies-from-browser", "--no-exec", "--no-cache-dir",
            "--use-extractors", options.YtDlp.Extractors, "--proxy", _proxy.Start().ToString(),
            "--no-playlist", "--no-progress", "--write-info-json",
            "--max-filesize", options.MaxVideoBytes.ToString(CultureInfo.InvariantCulture), "-f", youtube.Quality,
            "-o", Path.Combine(folder, "video.%(ext)s"),
        };
        if (!withVideo) arguments.Add("--skip-download");
        arguments.AddRange(SubtitleArguments(youtube));
        arguments.AddRange(["--", url.ToString()]);

        ToolRunner.Result result;
        try { result = await ToolRunner.RunAsync(options.YtDlpPath, arguments, options.DownloadTimeout, cancellationToken, _limits?.Tools, ProxyVariables); }
        catch (ToolFailedException e) when (e.Failure == ToolFailure.Missing)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "ytdlp_missing", $"yt-dlp could not be started ({options.YtDlpPath}): {e.Message}", e);
        }
        catch (ToolFailedException e)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "timeout", "yt-dlp did not finish in time.", e);
        }
        // The pinned extractors do not read this URL (a channel page, a link on an allowed host no extractor claims): asking again would not change it.
        if (result.ExitCode != 0 && UnsupportedUrl.Any(m => result.StandardError.Contains(m, StringComparison.Ordinal)))
            throw new DownloadException(DownloadFailureKind.Final, "ytdlp_unsupported_url",
                $"No extractor of Silo:Media:YtDlp:Extractors ({options.YtDlp.Extractors}) reads {url}.");
        if (result.ExitCode != 0)
            throw new DownloadException(DownloadFailureKind.Transient, "ytdlp_failed", $"yt-dlp exited with {result.ExitCode}: {result.ErrorTail}");
    }

    /// <summary>What yt-dlp is asked for in subtitles: the uploader's (<c>--write-subs</c>) and, when turned on, YouTube's generated ones.</summary>
    internal static IEnumerable<string> SubtitleArguments(YouTubePolicy youtube)
    {
        if (!youtube.DownloadSubtitles) return [];
        var arguments = new List<string> { "--write-subs" };
        if (youtube.AutoSubtitles) arguments.Add("--write-auto-subs");
        arguments.AddRange(["--sub-format", "vtt", "--sub-langs", string.Join(",", youtube.EffectiveSubtitleLanguages)]);
        return arguments;
    }

    internal static async Task<YouTubeDetails> ReadDetailsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return new YouTubeDetails(null, null, null, null, null);
        await using var file = File.OpenRead(path);
        using var json = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
        var root = json.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? duration = root.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : null;
        // yt-dlp writes upload_date as YYYYMMDD.
        DateOnly? uploaded = DateOnly.TryParseExact(Text("upload_date"), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        // YouTube's extractor says whether the uploader lets the video play in other sites' players; other extractors say nothing.
        bool? embeddable = root.TryGetProperty("playable_in_embed", out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;
        return new YouTubeDetails(Text("title"), Text("uploader"), Text("channel"), duration, uploaded, Text("thumbnail")) { PlayableInEmbed = embeddable };
    }

    public ValueTask DisposeAsync() => _proxy.DisposeAsync();

    private async Task<DownloadedFile> HashAsync(string path, CancellationToken cancellationToken)
    {
        var info = await _probe.IdentifyAsync(path, cancellationToken);
        if (info.Kind != MediaKind.Video)
            throw new DownloadException(DownloadFailureKind.Final, "content_mismatch", $"yt-dlp produced {info.MimeType}, not a video (not retried: the same bytes would be refused again).");
        await _decodes.EnsureDecodesAsync(path, info, cancellationToken);
        await using var file = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        return DownloadedFile.From(path, hash, file.Length, info);
    }
}
