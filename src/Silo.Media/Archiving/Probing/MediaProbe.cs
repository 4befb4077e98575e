using Microsoft.Extensions.Options;

namespace Silo.Media.Archiving.Probing;

/// <summary>
/// Decides what a downloaded file is from its bytes: MetadataExtractor for images, ffprobe for
/// video, audio and HEIF/AVIF images. What the server or the post claimed plays no part here; the
/// caller compares the two (<see cref="DeclaredType"/>).
/// </summary>
public sealed class MediaProbe(IOptions<MediaOptions> options, MediaWorkLimits? limits = null)
{
    private readonly FfprobeReader _ffprobe = new(options.Value.FfprobePath, options.Value.ProbeTimeout, limits?.Tools);

    // ISO BMFF brands of HEIF still images (HEIC, AVIF): ffprobe opens them as mov/mp4, the brand says what they are.
    private static readonly Dictionary<string, (string Mime, string Extension)> HeifBrands = new(StringComparer.Ordinal)
    {
        ["heic"] = ("image/heic", "heic"), ["heix"] = ("image/heic", "heic"), ["heim"] = ("image/heic", "heic"), ["heis"] = ("image/heic", "heic"),
        ["mif1"] = ("image/heif", "heif"), ["msf1"] = ("image/heif-sequence", "heif"), ["avif"] = ("image/avif", "avif"), ["avis"] = ("image/avif", "avif"),
    };

    // WebM is the Matroska subset that carries only these codecs; ffprobe names both "matroska,webm".
    private static readonly HashSet<string> WebMCodecs = ["vp8", "vp9", "av1", "vorbis", "opus"];

    /// <exception cref="DownloadException"><c>content_unrecognised</c>: neither tool reads the bytes as supported media.</exception>
    public async Task<MediaInfo> IdentifyAsync(string path, CancellationToken cancellationToken)
    {
        if (ImageReader.Read(path) is { } image) return image;
        FfprobeReader.Probe? probe;
        try { probe = await _ffprobe.ReadAsync(path, cancellationToken); }
        catch (ToolFailedException e)
        {
            // The tool, not the file: retried, and the missing tool is named in the error.
            throw new DownloadException(DownloadFailureKind.Transient, "probe_failed", e.Message, e);
        }
        return (probe is null ? HeifByBrand(path) : FromProbe(probe))
            ?? throw new DownloadException(DownloadFailureKind.Final, "content_unrecognised",
                "The bytes are not a supported image, video or audio file (not retried: the same bytes would be refused again).");
    }

    /// <summary>
    /// A HEIC that this host's ffprobe cannot open (ffmpeg before 7.1 reads no HEIF items) is still
    /// recognised by its ftyp brand, with its size unknown, rather than refused.
    /// </summary>
    private static MediaInfo? HeifByBrand(string path)
    {
        Span<byte> header = stackalloc byte[12];
        using var file = File.OpenRead(path);
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[4..8].SequenceEqual("ftyp"u8)) return null;
        return HeifBrands.TryGetValue(System.Text.Encoding.ASCII.GetString(header[8..12]), out var heif)
            ? new MediaInfo(MediaKind.Image, heif.Mime, heif.Extension)
            : null;
    }

    private static MediaInfo? FromProbe(FfprobeReader.Probe probe)
    {
        var video = probe.Streams.FirstOrDefault(s => s.CodecType == "video" && !s.AttachedPicture);
        var audio = probe.Streams.FirstOrDefault(s => s.CodecType == "audio");
        var formats = probe.FormatName.Split(',');
        if (probe.MajorBrand is { } brand && HeifBrands.TryGetValue(brand, out var heif))
            return new MediaInfo(MediaKind.Image, heif.Mime, heif.Extension, video?.Width, video?.Height, VideoCodec: video?.CodecName);
        if (video is null && audio is null) return null;
        var codecs = new[] { video?.CodecName, audio?.CodecName };
        var (mime, extension) = formats switch
        {
            _ when formats.Contains("mp4") && probe.MajorBrand == "qt" => ("video/quicktime", "mov"),
            _ when formats.Contains("mp4") && video is null => ("audio/mp4", "m4a"),
            _ when formats.Contains("mp4") => ("video/mp4", "mp4"),
            _ when formats.Contains("matroska") && codecs.All(c => c is null || WebMCodecs.Contains(c)) =>
                video is null ? ("audio/webm", "webm") : ("video/webm", "webm"),
            _ when formats.Contains("matroska") => ("video/x-matroska", "mkv"),
            _ when formats.Contains("ogg") => video is null ? ("audio/ogg", "ogg") : ("video/ogg", "ogv"),
            _ when formats.Contains("mp3") => ("audio/mpeg", "mp3"),
            // Sound-only containers: a picture in them (FLAC cover art) is attached, so video is null here.
            _ when formats.Contains("wav") && video is null => ("audio/wav", "wav"),
            _ when formats.Contains("flac") && video is null => ("audio/flac", "flac"),
            _ when formats.Contains("aac") && video is null => ("audio/aac", "aac"),
            _ => (null, null),
        };
        if (mime is null) return null; // a container outside the supported list (AVI, FLV, raw streams…)
        return new MediaInfo(video is null ? MediaKind.Audio : MediaKind.Video, mime, extension!, video?.Width, video?.Height,
            probe.DurationSeconds, video?.CodecName, audio?.CodecName);
    }
}
