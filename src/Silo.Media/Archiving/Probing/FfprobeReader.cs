using System.Globalization;
using System.Text.Json;

namespace Silo.Media.Archiving.Probing;

/// <summary>
/// Reads a video or audio file's container, streams, frame size, duration and codecs with
/// <c>ffprobe</c> (Debian's ffmpeg), as JSON. Null when ffprobe cannot read the file as media.
/// </summary>
public sealed class FfprobeReader(string executable, TimeSpan timeout, SemaphoreSlim? gate = null)
{
    /// <summary>One stream as ffprobe lists it.</summary>
    public sealed record Stream(string CodecType, string? CodecName, int? Width, int? Height, bool AttachedPicture);

    /// <summary>A file's container (<c>format_name</c>, ISO BMFF major brand) and streams.</summary>
    public sealed record Probe(string FormatName, string? MajorBrand, double? DurationSeconds, IReadOnlyList<Stream> Streams);

    public async Task<Probe?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(executable,
            ["-v", "error", .. FfmpegInput.Restrictions, "-print_format", "json", "-show_format", "-show_streams", "--", path], timeout, cancellationToken, gate);
        if (result.ExitCode != 0) return null;
        using var json = JsonDocument.Parse(result.StandardOutput);
        if (!json.RootElement.TryGetProperty("format", out var format)) return null;
        var streams = new List<Stream>();
        if (json.RootElement.TryGetProperty("streams", out var list))
            foreach (var s in list.EnumerateArray())
                streams.Add(new Stream(Text(s, "codec_type") ?? "", Text(s, "codec_name"), Int(s, "width"), Int(s, "height"),
                    s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.GetInt32() == 1));
        var brand = format.TryGetProperty("tags", out var tags) ? Text(tags, "major_brand")?.Trim() : null;
        var duration = double.TryParse(Text(format, "duration"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : (double?)null;
        return new Probe(Text(format, "format_name") ?? "", brand, duration, streams);
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
}
