using System.Globalization;
using Microsoft.Extensions.Options;

namespace Silo.Media.Archiving.Probing;

/// <summary>
/// Tells a damaged video or audio file from a whole one before it is stored. ffprobe reads only a file's header, so a
/// video cut short after its index (an MP4 with the index at the front, a WebM) still shows its full duration and
/// codecs. Two bounded ffmpeg runs decide instead: every packet is read and copied to nowhere (no decoding: the cost
/// is reading the file once), and the packets must reach the duration the header declares; then the first
/// <see cref="MediaOptions.DecodeSampleSeconds"/> are decoded, and at most one packet a second may fail to.
/// </summary>
public sealed class DecodeCheck(IOptions<MediaOptions> options, MediaWorkLimits? limits = null)
{
    private readonly MediaOptions _options = options.Value;

    /// <exception cref="DownloadException">
    /// <c>content_damaged</c>, transient: another download from the source may bring the whole file (a CDN that cut the body
    /// short with a Content-Length to match); <c>probe_failed</c> when ffmpeg is missing or too slow.
    /// </exception>
    public async Task EnsureDecodesAsync(string path, MediaInfo info, CancellationToken cancellationToken)
    {
        if (info.Kind is not (MediaKind.Video or MediaKind.Audio)) return;
        var streams = new[] { "-map", "0:v:0?", "-map", "0:a:0?" };

        var read = await RunAsync([.. Input(path), .. streams, "-c", "copy", "-f", "null", "-", "-progress", "pipe:1"], cancellationToken);
        if (read.ExitCode != 0) throw Damaged($"ffmpeg cannot read its packets ({read.ErrorTail})");
        if (info.DurationSeconds is { } declared && declared > 0 && ReachedSeconds(read.StandardOutput) is { } reached
            && reached < declared - Math.Max(1.0, declared * 0.01))
            throw Damaged(string.Create(CultureInfo.InvariantCulture, $"its data ends at {reached:0.0} s of the {declared:0.0} s its header declares"));

        if (_options.DecodeSampleSeconds == 0) return;
        var seconds = _options.DecodeSampleSeconds.ToString(CultureInfo.InvariantCulture);
        var decode = await RunAsync(["-t", seconds, .. Input(path), .. streams, "-f", "null", "-"], cancellationToken);
        // A packet or two that fail (junk after an MP3's last frame, a glitch) leave a file worth keeping: more than one
        // a second is a file whose data is not what its header says.
        var failed = decode.StandardError.Split('\n').Count(l => l.StartsWith("Error while decoding", StringComparison.Ordinal));
        if (decode.ExitCode != 0 || failed > _options.DecodeSampleSeconds)
            throw Damaged($"{failed} packets of its first {seconds} s do not decode ({decode.ErrorTail})");
    }

    private static IEnumerable<string> Input(string path) => [.. FfmpegInput.Restrictions, "-i", path];

    private async Task<ToolRunner.Result> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await ToolRunner.RunAsync(_options.FfmpegPath, ["-v", "error", "-nostdin", "-nostats", .. arguments], _options.ProbeTimeout,
                cancellationToken, limits?.Tools);
        }
        catch (ToolFailedException e)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "probe_failed", e.Message, e);
        }
    }

    /// <summary>The last <c>out_time_us</c> ffmpeg's progress reported: how far into the file its packets reached.</summary>
    private static double? ReachedSeconds(string progress)
    {
        double? reached = null;
        foreach (var line in progress.Split('\n'))
            if (line.StartsWith("out_time_us=", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan("out_time_us=".Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us))
                reached = us / 1_000_000.0;
        return reached;
    }

    private static DownloadException Damaged(string why) =>
        new(DownloadFailureKind.Transient, "content_damaged",
            $"The file is damaged: {why}. Retried from the source while its link is valid; it is not stored as it is.");
}
