using Silo.Media.Archiving;
using Silo.Media.Archiving.Probing;

namespace Silo.Media.Tests.Archiving;

public sealed class DeclaredTypeTests
{
    private static readonly MediaInfo Png = new(MediaKind.Image, "image/png", "png", 4, 3);
    private static readonly MediaInfo Mp4 = new(MediaKind.Video, "video/mp4", "mp4", 64, 48, 1);
    private static readonly MediaInfo Mp3 = new(MediaKind.Audio, "audio/mpeg", "mp3", DurationSeconds: 1);

    [Fact]
    public void Check_VideoBytesInImageSlot_ContentMismatchFinal()
    {
        var error = Assert.Throws<DownloadException>(() => DeclaredType.Check(Mp4, MediaKind.Image, "image/jpeg"));

        Assert.Equal((DownloadFailureKind.Final, "content_mismatch"), (error.Kind, error.ErrorType));
        Assert.Contains("expected an image, the bytes are video/mp4", error.Message);
        Assert.Contains("Not retried", error.Message);
    }

    [Fact]
    public void Check_ImageBytesDeclaredAsVideo_ContentMismatch()
    {
        var error = Assert.Throws<DownloadException>(() => DeclaredType.Check(Png, MediaKind.Video, "video/mp4"));

        Assert.Equal("content_mismatch", error.ErrorType);
        Assert.Contains("declared video/mp4, the bytes are image/png", error.Message);
    }

    [Fact]
    public void Check_ImageBytesInAudioSlot_ContentMismatch() =>
        Assert.Equal("content_mismatch", Assert.Throws<DownloadException>(() => DeclaredType.Check(Png, MediaKind.Audio, null)).ErrorType);

    [Theory]
    [InlineData(MediaKind.Video, "application/octet-stream")]
    [InlineData(MediaKind.Video, null)]
    [InlineData(MediaKind.Audio, "video/mp4")]
    [InlineData(MediaKind.Audio, "audio/mpeg")]
    public void Check_AudioBytesWithCompatibleClaims_Accepted(MediaKind slot, string? contentType) =>
        DeclaredType.Check(Mp3, slot, contentType);

    [Fact]
    public void Check_PhotoInVideoSlotDeclaredAsImage_Accepted() => DeclaredType.Check(Png, MediaKind.Video, "image/png");
}
