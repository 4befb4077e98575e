using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Archiving.Probing;
using Silo.Media.Tests.Support;

namespace Silo.Media.Tests.Archiving;

/// <summary>The real ffmpeg telling damaged files from whole ones, on files ffmpeg made and then cut or garbled.</summary>
public sealed class DecodeCheckTests
{
    private static readonly IOptions<MediaOptions> Options = Microsoft.Extensions.Options.Options.Create(new MediaOptions());
    private static readonly MediaProbe Probe = new(Options);
    private static readonly DecodeCheck Check = new(Options);

    [Theory]
    [InlineData("mp4")]
    [InlineData("faststart.mp4")]
    [InlineData("mov")]
    [InlineData("webm")]
    [InlineData("mkv")]
    [InlineData("mp3")]
    [InlineData("m4a")]
    [InlineData("ogg")]
    [InlineData("opus")]
    [InlineData("wav")]
    [InlineData("flac")]
    [InlineData("aac")]
    public async Task EnsureDecodesAsync_WholeFile_Passes(string format) =>
        await CheckAsync(await RealMedia.BytesAsync(format));

    [Fact]
    public async Task EnsureDecodesAsync_VideoCutToItsFirstThird_DamagedAndRetried()
    {
        var whole = await RealMedia.BytesAsync("faststart.mp4");

        var error = await Assert.ThrowsAsync<DownloadException>(() => CheckAsync(whole[..(whole.Length / 3)]));

        Assert.Equal((DownloadFailureKind.Transient, "content_damaged"), (error.Kind, error.ErrorType));
        Assert.Matches(@"^The file is damaged: its data ends at \d\.\d s of the 6\.0 s its header declares\. Retried from the source", error.Message);
    }

    [Fact]
    public async Task EnsureDecodesAsync_OpeningSecondsGarbled_DamagedByTheDecodedSample()
    {
        var bytes = (await RealMedia.BytesAsync("faststart.mp4")).ToArray();
        // Noise over the start of the media data: every packet is still there, but the first seconds no longer decode.
        var data = bytes.AsSpan().IndexOf("mdat"u8) + 200;
        new Random(7).NextBytes(bytes.AsSpan(data, 8000));

        var error = await Assert.ThrowsAsync<DownloadException>(() => CheckAsync(bytes));

        Assert.Equal("content_damaged", error.ErrorType);
        Assert.Matches(@"^The file is damaged: \d+ packets of its first 5 s do not decode", error.Message);
    }

    [Fact]
    public async Task EnsureDecodesAsync_JunkAfterTheLastFrame_Passes()
    {
        // What a file host appending a few bytes leaves (the Patreon simulator marks each file so): one packet fails, the sound is whole.
        await CheckAsync([.. await RealMedia.BytesAsync("mp3"), .. "post-55500020004"u8]);
    }

    [Fact]
    public async Task EnsureDecodesAsync_NoSampleDecoded_GarbledOpeningPassesAndCutFileStillFails()
    {
        var check = new DecodeCheck(Microsoft.Extensions.Options.Options.Create(new MediaOptions { DecodeSampleSeconds = 0 }));
        var whole = await RealMedia.BytesAsync("faststart.mp4");
        var garbled = whole.ToArray();
        new Random(7).NextBytes(garbled.AsSpan(garbled.AsSpan().IndexOf("mdat"u8) + 200, 8000));

        await CheckAsync(garbled, check);
        Assert.Equal("content_damaged", (await Assert.ThrowsAsync<DownloadException>(() => CheckAsync(whole[..(whole.Length / 3)], check))).ErrorType);
    }

    private static async Task CheckAsync(byte[] bytes, DecodeCheck? check = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"silo-decode-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        try
        {
            var info = await Probe.IdentifyAsync(path, TestContext.Current.CancellationToken);
            await (check ?? Check).EnsureDecodesAsync(path, info, TestContext.Current.CancellationToken);
        }
        finally { File.Delete(path); }
    }
}
