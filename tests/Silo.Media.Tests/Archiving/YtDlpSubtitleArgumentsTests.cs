using Silo.Media.Archiving;

namespace Silo.Media.Tests.Archiving;

/// <summary>What yt-dlp is asked for in subtitles, by the YouTube policy (seed 003's <c>download_settings</c>).</summary>
public sealed class YtDlpSubtitleArgumentsTests
{
    [Fact]
    public void SubtitleArguments_Default_UploadersAndGeneratedSubtitlesInBothLanguages()
    {
        string[] expected = ["--write-subs", "--write-auto-subs", "--sub-format", "vtt", "--sub-langs", "en,es"];

        Assert.Equal(expected, YtDlpDownloader.SubtitleArguments(new YouTubePolicy()));
    }

    [Fact]
    public void SubtitleArguments_AutoSubtitlesOff_NoGeneratedSubtitlesRequested()
    {
        string[] expected = ["--write-subs", "--sub-format", "vtt", "--sub-langs", "en,es"];

        Assert.Equal(expected, YtDlpDownloader.SubtitleArguments(new YouTubePolicy { AutoSubtitles = false }));
    }

    [Fact]
    public void SubtitleArguments_SubtitlesOff_NoSubtitlesRequested()
    {
        Assert.Empty(YtDlpDownloader.SubtitleArguments(new YouTubePolicy { DownloadSubtitles = false }));
    }
}
