using System.Globalization;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Archiving.Probing;
using Silo.Media.BlobStores;

namespace Silo.Media.Transcription;

/// <summary>
/// Makes the files a stored video or audio file is transcribed from. A file the API reads and that fits under its
/// limit is sent as it is; any other has its sound track re-encoded by ffmpeg (mono MP3, 16 kHz, a fixed bit rate, so
/// the size of a part is known from its length) and cut into parts that each fit, whose start times ffmpeg reports.
/// </summary>
public sealed class AudioSplitter(IBlobStore store, IOptions<MediaOptions> media, IOptions<TranscriptionOptions> options,
    MediaWorkLimits? limits = null)
{
    // The formats OpenAI's endpoint reads (flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav, webm), by the MIME type archiving stored.
    private static readonly Dictionary<string, string> Readable = new(StringComparer.Ordinal)
    {
        ["audio/mpeg"] = "mp3", ["audio/mp4"] = "m4a", ["video/mp4"] = "mp4", ["audio/ogg"] = "ogg", ["audio/webm"] = "webm",
        ["video/webm"] = "webm", ["audio/wav"] = "wav", ["audio/x-wav"] = "wav", ["audio/flac"] = "flac",
    };

    /// <summary>How long each part of a re-encoded sound track is, in whole seconds: 90% of what fits at the bit rate.</summary>
    public static int PartSeconds(TranscriptionOptions o) =>
        (int)Math.Floor((o.MaxUploadBytes - TranscriptionOptions.FormAllowance) * 8.0 / (o.SplitBitrateKbps * 1000.0) * 0.9);

    /// <exception cref="TranscriptionException">The stored file is gone, or ffmpeg could not read its sound (final).</exception>
    public async Task<UploadPlan> PrepareAsync(string storageKey, string mimeType, double? durationSeconds, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"silo-transcribe-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "original");
            await using (var stored = await store.OpenReadAsync(storageKey, cancellationToken)
                ?? throw new TranscriptionException(true, "media_missing", $"The archived file {storageKey} is no longer in the store."))
            await using (var copy = File.Create(input))
                await stored.CopyToAsync(copy, cancellationToken);

            var o = options.Value;
            if (new FileInfo(input).Length + TranscriptionOptions.FormAllowance <= o.MaxUploadBytes && Readable.TryGetValue(mimeType, out var extension))
                return new UploadPlan("whole", [new UploadPart(input, $"media.{extension}", mimeType, 0, durationSeconds)], folder);
            return await SplitAsync(input, folder, PartSeconds(o), cancellationToken);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    private async Task<UploadPlan> SplitAsync(string input, string folder, int seconds, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var list = Path.Combine(folder, "parts.csv");
        var bitrate = o.SplitBitrateKbps.ToString(CultureInfo.InvariantCulture) + "k";
        string[] arguments =
        [
            "-v", "error", "-nostdin", "-y", .. FfmpegInput.Restrictions, "-i", input,
            "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "libmp3lame", "-b:a", bitrate,
            "-f", "segment", "-segment_time", seconds.ToString(CultureInfo.InvariantCulture), "-reset_timestamps", "1",
            "-segment_list", list, "-segment_list_type", "csv", Path.Combine(folder, "part%04d.mp3"),
        ];
        ToolRunner.Result result;
        // A long recording takes a while to re-encode: the limit is the download's, not a probe's.
        try { result = await ToolRunner.RunAsync(media.Value.FfmpegPath, arguments, media.Value.DownloadTimeout, cancellationToken, limits?.Tools); }
        catch (ToolFailedException e) { throw new TranscriptionException(false, "split_failed", e.Message, inner: e); }
        if (result.ExitCode != 0 || !File.Exists(list))
            throw new TranscriptionException(true, "no_sound", $"ffmpeg could not read a sound track from the file: {result.ErrorTail}");

        var parts = new List<UploadPart>();
        foreach (var line in await File.ReadAllLinesAsync(list, cancellationToken))
        {
            var fields = line.Split(',');
            if (fields.Length < 3) continue;
            var start = double.Parse(fields[1], CultureInfo.InvariantCulture);
            var end = double.Parse(fields[2], CultureInfo.InvariantCulture);
            var path = Path.Combine(folder, Path.GetFileName(fields[0]));
            if (new FileInfo(path).Length + TranscriptionOptions.FormAllowance > o.MaxUploadBytes)
                throw new TranscriptionException(true, "split_failed", $"A part of {seconds} s came out larger than Silo:Transcription:MaxUploadBytes.");
            parts.Add(new UploadPart(path, $"part{parts.Count:0000}.mp3", "audio/mpeg", start, end - start));
        }
        if (parts.Count == 0) throw new TranscriptionException(true, "no_sound", "ffmpeg found no sound to transcribe in the file.");
        return new UploadPlan($"split:{seconds}s:{parts.Count}", parts, folder);
    }
}
