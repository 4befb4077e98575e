using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving.Probing;

namespace Silo.Media.Archiving;

/// <summary>
/// Stores a source's videos as MP4 and its audio as MP3 when its policy asks (seed 003's <c>patreon.videos.format</c>,
/// <c>patreon.audios.format</c>), with ffmpeg. A file already in the format is stored as it came; an MP4 is re-muxed
/// when its streams fit one (H.264, AAC or MP3) and re-encoded otherwise. ffmpeg writes bit-exact output, so the same
/// original always converts to the same bytes and stays one stored content.
/// </summary>
public sealed class FormatConverter(IOptions<MediaOptions> options, MediaWorkLimits? limits = null)
{
    private readonly MediaOptions _options = options.Value;
    private readonly MediaProbe _probe = new(options, limits);

    /// <summary>Formats a source's policy may ask for: what ffmpeg muxes them as.</summary>
    public static readonly IReadOnlyDictionary<string, string> Muxers = new Dictionary<string, string> { ["mp4"] = "mp4", ["mp3"] = "mp3" };

    /// <summary><paramref name="file"/> itself when it is already <paramref name="format"/>, else a new temporary file (the caller disposes both).</summary>
    /// <exception cref="DownloadException">ffmpeg could not be run, did not finish, or failed (transient: a tool problem, retried with the post).</exception>
    public async Task<DownloadedFile> ConvertAsync(DownloadedFile file, string format, CancellationToken cancellationToken)
    {
        if (file.Extension == format) return file;
        var output = Path.Combine(Path.GetDirectoryName(file.TempPath)!, $"{Guid.NewGuid():N}.converted.{format}");
        string[] arguments =
        [
            "-v", "error", "-nostdin", "-y", .. FfmpegInput.Restrictions, "-i", file.TempPath, .. Streams(file, format),
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-f", Muxers[format], output,
        ];
        try
        {
            ToolRunner.Result result;
            // A long recording takes a while to re-encode: the limit is the download's, not a probe's.
            try { result = await ToolRunner.RunAsync(_options.FfmpegPath, arguments, _options.DownloadTimeout, cancellationToken, limits?.Tools); }
            catch (ToolFailedException e)
            {
                throw new DownloadException(DownloadFailureKind.Transient, "conversion_failed", $"ffmpeg could not convert the file to {format}: {e.Message}", e);
            }
            if (result.ExitCode != 0 || !File.Exists(output))
                throw new DownloadException(DownloadFailureKind.Transient, "conversion_failed",
                    $"ffmpeg could not convert the {file.MimeType} file to {format}: {result.ErrorTail}");
            var info = await _probe.IdentifyAsync(output, cancellationToken);
            await using var stream = File.OpenRead(output);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            return DownloadedFile.From(output, hash, stream.Length, info);
        }
        catch
        {
            File.Delete(output);
            throw;
        }
    }

    private static IEnumerable<string> Streams(DownloadedFile file, string format) => format switch
    {
        // Sound only, at high VBR quality (LAME's -V2, about 190 kbit/s); a cover picture is not carried over.
        "mp3" => ["-map", "0:a:0", "-vn", "-c:a", "libmp3lame", "-q:a", "2"],
        _ =>
        [
            "-map", "0:v:0", "-map", "0:a:0?",
            .. file.VideoCodec == "h264" ? ["-c:v", "copy"] : new[] { "-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p" },
            .. file.AudioCodec is "aac" or "mp3" ? ["-c:a", "copy"] : new[] { "-c:a", "aac", "-b:a", "192k" },
            // The index at the front, so a browser plays it while it loads.
            "-movflags", "+faststart",
        ],
    };
}
