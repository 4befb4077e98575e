using Silo.Media.Archiving;
using Silo.Media.Tests.Support;

namespace Silo.Media.Tests.Archiving;

public sealed class MagicBytesTests
{
    [Fact]
    public void Detect_Png_ImagePng() => Assert.Equal("image/png", MagicBytes.Detect(TestMedia.Png(4, 3))!.MimeType);

    [Fact]
    public void Detect_Jpeg_ImageJpeg() => Assert.Equal("image/jpeg", MagicBytes.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, .. "JFIF"u8, 0, 1, 1, 0])!.MimeType);

    [Fact]
    public void Detect_Mp4_VideoMp4() => Assert.Equal(MediaKind.Video, MagicBytes.Detect(TestMedia.Mp4Header(640, 360, 5))!.Kind);

    [Fact]
    public void Detect_HtmlPage_Null() => Assert.Null(MagicBytes.Detect("<!DOCTYPE html><html>"u8));

    [Fact]
    public void Read_PngHeader_WidthAndHeight() => Assert.Equal((640, 480), ImageDimensions.Read(TestMedia.Png(640, 480), "image/png"));

    [Fact]
    public void Read_Mp4Header_DurationAndFrameSize()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, TestMedia.Mp4Header(1280, 720, 12.5));
            Assert.Equal(new Mp4Probe.VideoInfo(1280, 720, 12.5), Mp4Probe.Read(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Read_OeInHex_ExpiryTime()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x6553F100),
            CdnLinkExpiry.Read("https://scontent.xx.fbcdn.net/v/t39/a.jpg?oh=00_x&oe=6553F100"));
        Assert.Null(CdnLinkExpiry.Read("https://scontent.xx.fbcdn.net/v/t39/a.jpg?oh=00_x"));
    }
}
