using System.Collections.Concurrent;
using Silo.Media.Archiving.Probing;

namespace Silo.Media.Tests.Support;

/// <summary>
/// Real media files, made by the ffmpeg deploy/test-tools.sh installs, once per test run: 64×48
/// test pattern video and/or a 440 Hz tone, one second long (the GIF: five frames). ffmpeg 5.1
/// (Debian 12) has no HEIF muxer, so no HEIC can be made here; AVIF (HEIF with AV1) stands in.
/// </summary>
public static class RealMedia
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"silo-real-media-{Environment.ProcessId}");
    private static readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> Made = new();

    private const string Picture = "testsrc=size=64x48:rate=10";
    private const string Tone = "sine=frequency=440:sample_rate=22050";

    private static readonly Dictionary<string, string[]> Recipes = new()
    {
        ["mp4"] = ["-f", "lavfi", "-i", Picture, "-f", "lavfi", "-i", Tone, "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"],
        ["mov"] = ["-f", "lavfi", "-i", Picture, "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p"],
        ["webm"] = ["-f", "lavfi", "-i", Picture, "-f", "lavfi", "-i", Tone, "-t", "1", "-c:v", "libvpx", "-b:v", "100k", "-c:a", "libopus", "-shortest"],
        ["mkv"] = ["-f", "lavfi", "-i", Picture, "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p"],
        ["gif"] = ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=5", "-t", "1"],
        ["mp3"] = ["-f", "lavfi", "-i", Tone, "-t", "1", "-c:a", "libmp3lame"],
        ["m4a"] = ["-f", "lavfi", "-i", Tone, "-t", "1", "-c:a", "aac"],
        ["ogg"] = ["-f", "lavfi", "-i", Tone, "-t", "1", "-c:a", "libvorbis"],
        ["opus"] = ["-f", "lavfi", "-i", Tone, "-t", "1", "-c:a", "libopus"],
        ["wav"] = ["-f", "lavfi", "-i", Tone, "-t", "1", "-c:a", "pcm_s16le"],
        ["flac"] = ["-f", "lavfi", "-i", Tone, "-t", "1", "-c:a", "flac"],
        // AAC in ADTS frames, without an MP4 around it (what a .aac file is).
        ["aac"] = ["-f", "lavfi", "-i", Tone, "-t", "1", "-c:a", "aac"],
        ["avif"] = ["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", "-c:v", "libaom-av1", "-still-picture", "1"],
        ["png"] = ["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1"],
        ["jpg"] = ["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1"],
        // Large enough to want a preview: 1600×1200 is more than twice the 480 px preview side.
        ["large.jpg"] = ["-f", "lavfi", "-i", "testsrc=size=1600x1200", "-frames:v", "1"],
        // Six seconds with its index (moov) at the front, as web encoders write it: cut short, its header still declares 6 s.
        ["faststart.mp4"] = ["-f", "lavfi", "-i", Picture, "-f", "lavfi", "-i", Tone, "-t", "6", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-shortest", "-movflags", "+faststart"],
        ["long.mp4"] = ["-f", "lavfi", "-i", Picture, "-t", "4", "-c:v", "libx264", "-pix_fmt", "yuv420p"],
        // Five seconds of sound: long enough to be cut into parts under a small transcription upload limit.
        ["long.m4a"] = ["-f", "lavfi", "-i", Tone, "-t", "5", "-c:a", "aac"],
        // Another sound (660 Hz), for a test that needs content no other test of its class stores.
        ["other.mp3"] = ["-f", "lavfi", "-i", "sine=frequency=660:sample_rate=22050", "-t", "1", "-c:a", "libmp3lame"],
    };

    /// <summary>The bytes of a real file of <paramref name="format"/> (a key of the recipes: mp4, mov, webm, mkv, gif, mp3, m4a, ogg, opus, wav, flac, aac, avif, png, jpg, large.jpg, faststart.mp4, long.mp4, long.m4a, other.mp3).</summary>
    public static Task<byte[]> BytesAsync(string format) => Made.GetOrAdd(format, f => new Lazy<Task<byte[]>>(() => MakeAsync(f))).Value;

    private static async Task<byte[]> MakeAsync(string format)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "sample." + format);
        var result = await ToolRunner.RunAsync("ffmpeg", ["-v", "error", "-nostdin", "-y", .. Recipes[format], path], TimeSpan.FromMinutes(2), CancellationToken.None);
        if (result.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make a {format}: {result.ErrorTail}");
        return await File.ReadAllBytesAsync(path);
    }

    /// <summary>
    /// A JPEG with an EXIF APP1 segment whose IFD0 holds only Orientation = <paramref name="orientation"/>
    /// (ffmpeg writes no EXIF), inserted after the SOI marker of a real JPEG.
    /// </summary>
    public static async Task<byte[]> JpegWithOrientationAsync(int orientation, string format = "jpg")
    {
        var jpeg = await BytesAsync(format);
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];
        byte[] exif = [.. "Exif"u8, 0, 0, .. tiff];
        var length = exif.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }
}
