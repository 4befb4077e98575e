using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving.Probing;

namespace Silo.Media.Archiving;

/// <summary>
/// YouTube (seed 003): runs <c>yt-dlp</c> with an argument list (never a shell string, and the URL
/// after <c>--</c> so it can never be read as an option) into a temporary folder, with the info JSON
/// (title, uploader, channel, duration, upload date) and the configured subtitles. Download mode
/// fetches the video too; embed mode only its details and subtitles. The URL's host passes the same
/// allow-list and address decision as every other download before yt-dlp is started.
/// </summary>
public sealed class YtDlpDownloader(IOptions<MediaOptions> options, IOptions<MediaPolicyOptions> policy, MediaWorkLimits? limits = null)
{
    private readonly GuardedConnector _guard = new(new HostAllowList(options.Value.AllowedHosts), options.Value.AllowLoopbackForTesting);
    private readonly MediaProbe _probe = new(options, limits);

    public async Task<YtDlpResult> DownloadAsync(Uri url, bool withVideo, CancellationToken cancellationToken)
    {
        if (url.Scheme is not ("http" or "https") || !new HostAllowList(options.Value.AllowedHosts).Allows(url))
            throw new DownloadException(DownloadFailureKind.Final, "host_refused", $"Host {url.Authority} is not in Silo:Media:AllowedHosts.");
        try { await _guard.AllowedAddressesAsync(url.IdnHost, url.Port, cancellationToken); }
        catch (AddressRefusedException e) { throw new DownloadException(DownloadFailureKind.Final, "address_refused", e.Message, e); }

        var folder = Path.Combine(Path.GetTempPath(), "silo-ytdlp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            limits?.EnsureFreeDisk(folder);
            using (limits is null ? null : await MediaWorkLimits.EnterAsync(limits.Downloads, cancellationToken))
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
        var youtube = policy.Value.YouTube;
        var arguments = new List<string> { "--no-playlist", "--no-progress", "--no-config", "--no-cache-dir", "--write-info-json",
            "--max-filesize", options.Value.MaxVideoBytes.ToString(CultureInfo.InvariantCulture), "-f", "best",
            "-o", Path.Combine(folder, "video.%(ext)s") };
        if (!withVideo) arguments.Add("--skip-download");
        if (youtube.DownloadSubtitles)
            arguments.AddRange(["--write-subs", "--write-auto-subs", "--sub-format", "vtt", "--sub-langs", string.Join(",", youtube.SubtitleLanguages)]);
        arguments.AddRange(["--", url.ToString()]);

        ToolRunner.Result result;
        try { result = await ToolRunner.RunAsync(options.Value.YtDlpPath, arguments, options.Value.DownloadTimeout, cancellationToken, limits?.Tools); }
        catch (ToolFailedException e) when (e.Failure == ToolFailure.Missing)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "ytdlp_missing", $"yt-dlp could not be started ({options.Value.YtDlpPath}): {e.Message}", e);
        }
        catch (ToolFailedException e)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "timeout", "yt-dlp did not finish in time.", e);
        }
        if (result.ExitCode != 0)
            throw new DownloadException(DownloadFailureKind.Transient, "ytdlp_failed", $"yt-dlp exited with {result.ExitCode}: {result.ErrorTail}");
    }

    private static async Task<YouTubeDetails> ReadDetailsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return new YouTubeDetails(null, null, null, null, null);
        await using var file = File.OpenRead(path);
        using var json = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
        var root = json.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? duration = root.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : null;
        // yt-dlp writes upload_date as YYYYMMDD.
        DateOnly? uploaded = DateOnly.TryParseExact(Text("upload_date"), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        return new YouTubeDetails(Text("title"), Text("uploader"), Text("channel"), duration, uploaded);
    }

    private async Task<DownloadedFile> HashAsync(string path, CancellationToken cancellationToken)
    {
        var info = await _probe.IdentifyAsync(path, cancellationToken);
        if (info.Kind != MediaKind.Video)
            throw new DownloadException(DownloadFailureKind.Final, "content_mismatch", $"yt-dlp produced {info.MimeType}, not a video (not retried: the same bytes would be refused again).");
        await using var file = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        return DownloadedFile.From(path, hash, file.Length, info);
    }
}
