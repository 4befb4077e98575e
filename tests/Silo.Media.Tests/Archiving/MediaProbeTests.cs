using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Archiving.Probing;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaCdn;

namespace Silo.Media.Tests.Archiving;

/// <summary>MetadataExtractor and the real ffprobe on real files ffmpeg made.</summary>
public sealed class MediaProbeTests
{
    private static readonly MediaProbe Probe = new(Options.Create(new MediaOptions()));

    [Theory]
    [InlineData("mp4", MediaKind.Video, "video/mp4", "mp4", 64, 48, 1.0, "h264", "aac")]
    [InlineData("mov", MediaKind.Video, "video/quicktime", "mov", 64, 48, 1.0, "h264", null)]
    [InlineData("webm", MediaKind.Video, "video/webm", "webm", 64, 48, 1.0, "vp8", "opus")]
    [InlineData("mkv", MediaKind.Video, "video/x-matroska", "mkv", 64, 48, 1.0, "h264", null)]
    [InlineData("mp3", MediaKind.Audio, "audio/mpeg", "mp3", null, null, 1.0, null, "mp3")]
    [InlineData("m4a", MediaKind.Audio, "audio/mp4", "m4a", null, null, 1.0, null, "aac")]
    [InlineData("ogg", MediaKind.Audio, "audio/ogg", "ogg", null, null, 1.0, null, "vorbis")]
    [InlineData("opus", MediaKind.Audio, "audio/ogg", "ogg", null, null, 1.0, null, "opus")]
    [InlineData("wav", MediaKind.Audio, "audio/wav", "wav", null, null, 1.0, null, "pcm_s16le")]
    [InlineData("flac", MediaKind.Audio, "audio/flac", "flac", null, null, 1.0, null, "flac")]
    [InlineData("aac", MediaKind.Audio, "audio/aac", "aac", null, null, 1.0, null, "aac")]
    public async Task IdentifyAsync_RealVideoOrAudio_FormatSizeDurationAndCodecs(string format, MediaKind kind, string mime, string extension,
        int? width, int? height, double duration, string? videoCodec, string? audioCodec)
    {
        var info = await IdentifyAsync(await RealMedia.BytesAsync(format));

        Assert.Equal((kind, mime, extension, width, height, videoCodec, audioCodec),
            (info.Kind, info.MimeType, info.Extension, info.Width, info.Height, info.VideoCodec, info.AudioCodec));
        // Encoders pad audio a little past the second: an MP3's last frame ends at 1.07 s.
        Assert.InRange(info.DurationSeconds!.Value, duration, duration + 0.1);
    }

    [Theory]
    [InlineData("png", "image/png", "png")]
    [InlineData("jpg", "image/jpeg", "jpg")]
    [InlineData("gif", "image/gif", "gif")]
    [InlineData("avif", "image/avif", "avif")]
    public async Task IdentifyAsync_RealImage_FormatAndSize(string format, string mime, string extension)
    {
        var info = await IdentifyAsync(await RealMedia.BytesAsync(format));

        Assert.Equal((MediaKind.Image, mime, extension, 64, 48), (info.Kind, info.MimeType, info.Extension, info.Width, info.Height));
    }

    [Theory]
    [InlineData("image", 100 * 1024, "image/png")]
    [InlineData("video", 256 * 1024, "video/mp4")]
    public async Task IdentifyAsync_SimulatorFileGrownToSize_ReadAsTheRealMediaItIs(string kind, int length, string mime)
    {
        // The CDN simulator's history files (SampleMedia) must pass the same checks a real download does.
        CdnFile Grown(string name) => kind == "image" ? SampleMedia.Image(name, length) : SampleMedia.Video(name, length);
        var (first, second) = (Grown("page-1"), Grown("page-2"));
        var bytes = Bytes(first);

        var info = await IdentifyAsync(bytes);

        Assert.Equal((mime, 96, 96, length), (info.MimeType, info.Width, info.Height, bytes.Length));
        Assert.NotEqual(Convert.ToHexString(SHA256.HashData(bytes)), Convert.ToHexString(SHA256.HashData(Bytes(second))));
    }

    private static byte[] Bytes(CdnFile file)
    {
        var bytes = new byte[file.Length];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = file.ByteAt(i);
        return bytes;
    }

    [Fact]
    public async Task IdentifyAsync_JpegWithExifOrientation_OrientationRead()
    {
        var info = await IdentifyAsync(await RealMedia.JpegWithOrientationAsync(6));

        Assert.Equal(("image/jpeg", 64, 48, 6), (info.MimeType, info.Width, info.Height, info.Orientation));
    }

    [Fact]
    public async Task IdentifyAsync_HtmlPage_ContentUnrecognisedAndFinal()
    {
        var error = await Assert.ThrowsAsync<DownloadException>(() => IdentifyAsync("<!DOCTYPE html><html><body>Sign in</body></html>"u8.ToArray()));

        Assert.Equal((DownloadFailureKind.Final, "content_unrecognised"), (error.Kind, error.ErrorType));
        Assert.Contains("not retried", error.Message);
    }

    [Fact]
    public async Task IdentifyAsync_FfprobeMissing_TransientProbeFailure()
    {
        var probe = new MediaProbe(Options.Create(new MediaOptions { FfprobePath = "/nonexistent/ffprobe" }));
        var path = await WriteAsync(await RealMedia.BytesAsync("mp3"));
        try
        {
            var error = await Assert.ThrowsAsync<DownloadException>(() => probe.IdentifyAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal((DownloadFailureKind.Transient, "probe_failed"), (error.Kind, error.ErrorType));
        }
        finally { File.Delete(path); }
    }

    private static async Task<MediaInfo> IdentifyAsync(byte[] bytes)
    {
        var path = await WriteAsync(bytes);
        try { return await Probe.IdentifyAsync(path, TestContext.Current.CancellationToken); }
        finally { File.Delete(path); }
    }

    private static async Task<string> WriteAsync(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"silo-probe-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        return path;
    }
}
