using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Silo.Media.Archiving;

/// <summary>
/// YouTube download mode (seed 003): runs <c>yt-dlp</c> with an argument list (never a shell
/// string, and the URL after <c>--</c> so it can never be read as an option) into a temporary
/// folder, with English and Spanish subtitles, then hashes the result. The URL's host passes the
/// same allow-list and address decision as every other download before yt-dlp is started.
/// </summary>
public sealed class YtDlpDownloader(IOptions<MediaOptions> options, IOptions<MediaPolicyOptions> policy)
{
    private readonly GuardedConnector _guard = new(new HostAllowList(options.Value.AllowedHosts), options.Value.AllowLoopbackForTesting);

    public async Task<YtDlpResult> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme is not ("http" or "https") || !new HostAllowList(options.Value.AllowedHosts).Allows(url))
            throw new DownloadException(DownloadFailureKind.Final, "host_refused", $"Host {url.Authority} is not in Silo:Media:AllowedHosts.");
        try { await _guard.AllowedAddressesAsync(url.IdnHost, url.Port, cancellationToken); }
        catch (AddressRefusedException e) { throw new DownloadException(DownloadFailureKind.Final, "address_refused", e.Message, e); }

        var folder = Path.Combine(Path.GetTempPath(), "silo-ytdlp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await RunAsync(url, folder, cancellationToken);
            var video = Directory.GetFiles(folder).FirstOrDefault(f => !f.EndsWith(".vtt", StringComparison.Ordinal) && !f.EndsWith(".part", StringComparison.Ordinal))
                ?? throw new DownloadException(DownloadFailureKind.Transient, "ytdlp_no_output", "yt-dlp finished without a video file.");
            var subtitles = Directory.GetFiles(folder, "*.vtt").ToDictionary(
                f => Path.GetFileNameWithoutExtension(f).Split('.').Last(), f => f);
            return new YtDlpResult(await HashAsync(video, cancellationToken), subtitles, folder);
        }
        catch
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    private async Task RunAsync(Uri url, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Value.YtDlpPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var youtube = policy.Value.YouTube;
        foreach (var argument in new[] { "--no-playlist", "--no-progress", "--no-config", "--no-cache-dir",
                     "--max-filesize", options.Value.MaxVideoBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-f", "best", "-o", Path.Combine(folder, "video.%(ext)s") })
            start.ArgumentList.Add(argument);
        if (youtube.DownloadSubtitles)
        {
            foreach (var argument in new[] { "--write-subs", "--write-auto-subs", "--sub-format", "vtt", "--sub-langs", string.Join(",", youtube.SubtitleLanguages) })
                start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(url.ToString());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DownloadTimeout);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "ytdlp_missing", $"yt-dlp could not be started ({options.Value.YtDlpPath}): {e.Message}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new DownloadException(DownloadFailureKind.Transient, "timeout", "yt-dlp did not finish in time.");
            }
            await Task.WhenAll(stdout, stderr);
            if (process.ExitCode != 0)
            {
                var error = stderr.Result.Trim();
                throw new DownloadException(DownloadFailureKind.Transient, "ytdlp_failed",
                    $"yt-dlp exited with {process.ExitCode}: {(error.Length > 400 ? error[^400..] : error)}");
            }
        }
    }

    private static async Task<DownloadedFile> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var header = new byte[MagicBytes.HeaderLength];
        var read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        var detected = MagicBytes.Detect(header.AsSpan(0, read));
        if (detected is null || detected.Kind != MediaKind.Video)
            throw new DownloadException(DownloadFailureKind.Final, "content_unrecognised", "yt-dlp produced a file that is not a supported video.");
        file.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        var info = Mp4Probe.Read(path);
        return new DownloadedFile(path, hash, file.Length, detected.MimeType, detected.Extension, info?.Width, info?.Height, info?.DurationSeconds);
    }
}
