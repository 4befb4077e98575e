using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Silo.Media.Archiving;
using Silo.Hosting.Outbound;

namespace Silo.Media.Tests.Archiving;

/// <summary>Which URLs yt-dlp is given, what it may reach, and which extractors it may run.</summary>
public sealed class YtDlpOptionsTests
{
    private static MediaOptions Bind(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build()
            .GetSection(MediaOptions.Section).Get<MediaOptions>() ?? new MediaOptions();

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", true)]
    [InlineData("https://youtu.be/dQw4w9WgXcQ", true)]
    [InlineData("https://music.youtube.com/watch?v=dQw4w9WgXcQ", true)]
    [InlineData("https://youtube.com.evil.example/watch?v=x", false)]
    [InlineData("https://vimeo.com/1", false)]
    public void Hosts_Unset_YouTubeOnly(string url, bool handedToYtDlp) =>
        Assert.Equal(handedToYtDlp, new HostAllowList(new MediaOptions().YtDlp.EffectiveHosts).Allows(new Uri(url)));

    /// <summary>
    /// What YouTube's own pages send a reader to, by the list that must admit it as shipped: its pages (watch, player script,
    /// innertube API, subtitles from timedtext) are handed to yt-dlp or reached by it, the video from its CDN, and the
    /// thumbnails a post names are downloaded by the guarded client. Lookalikes and Google's other hosts stay out.
    /// </summary>
    [Theory]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "page")]
    [InlineData("https://youtube.com/watch?v=dQw4w9WgXcQ", "page")]
    [InlineData("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "page")]
    [InlineData("https://music.youtube.com/watch?v=dQw4w9WgXcQ", "page")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ", "page")]
    [InlineData("https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1", "page")]
    [InlineData("https://www.youtube.com/shorts/dQw4w9WgXcQ", "page")]
    [InlineData("https://www.youtube.com/s/player/4fcd6e4a/player_ias.vflset/en_US/base.js", "page")]
    [InlineData("https://www.youtube.com/youtubei/v1/player", "page")]
    [InlineData("https://www.youtube.com/api/timedtext?v=dQw4w9WgXcQ&lang=en&fmt=vtt", "page")]
    [InlineData("https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com", "page")]
    [InlineData("https://rr3---sn-5hne6nzk.googlevideo.com/videoplayback?expire=1", "video")]
    [InlineData("https://manifest.googlevideo.com/api/manifest/dash/id/1", "video")]
    [InlineData("https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg", "thumbnail")]
    [InlineData("https://s.ytimg.com/yts/img/favicon.ico", "none")]
    [InlineData("https://ytimg.com/vi/x.jpg", "none")]
    [InlineData("https://accounts.google.com/ServiceLogin", "none")]
    [InlineData("https://lh3.googleusercontent.com/a.jpg", "none")]
    [InlineData("https://www.google.com/", "none")]
    [InlineData("https://youtube.com.evil.example/watch?v=x", "none")]
    [InlineData("https://evilyoutube.com/watch?v=x", "none")]
    [InlineData("https://googlevideo.com.evil.example/videoplayback", "none")]
    [InlineData("https://i.ytimg.com.evil.example/vi/x.jpg", "none")]
    public void Defaults_AdmitExactlyWhatYouTubeNeeds(string url, string needed)
    {
        var defaults = new MediaOptions();
        var uri = new Uri(url);
        var handedToYtDlp = new HostAllowList(defaults.YtDlp.EffectiveHosts).Allows(uri);
        var reachedByYtDlp = new HostAllowList(defaults.YtDlp.ReachableHosts).Allows(uri);
        var downloaded = new HostAllowList(defaults.AllowedHosts).Allows(uri);

        Assert.Equal((needed == "page", needed is "page" or "video", needed == "thumbnail"), (handedToYtDlp, reachedByYtDlp, downloaded));
    }

    [Fact]
    public void Defaults_AsShipped()
    {
        var defaults = new MediaOptions();

        Assert.Equal(["fbcdn.net", "cdninstagram.com", "fbsbx.com", "patreonusercontent.com", "i.ytimg.com"], defaults.AllowedHosts);
        Assert.Equal(["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be", "googlevideo.com"], defaults.YtDlp.ReachableHosts);
        Assert.Equal("youtube", defaults.YtDlp.Extractors);
        Assert.Empty(defaults.Validate(new ValidationContext(defaults)));
    }

    [Fact]
    public void Hosts_Configured_ReplaceTheYouTubeHostsRatherThanAddToThem()
    {
        var options = Bind(("Silo:Media:YtDlp:Hosts:0", "127.0.0.1:8080"));

        Assert.Equal(["127.0.0.1:8080"], options.YtDlp.EffectiveHosts);
        Assert.Equal(["127.0.0.1:8080", "googlevideo.com"], options.YtDlp.ReachableHosts);
    }

    [Theory]
    [InlineData("youtube", true)]
    [InlineData("generic,html5", true)]
    [InlineData("youtube:tab", true)]
    [InlineData("all", false)]
    [InlineData("Default", false)]
    [InlineData("you.*", false)]
    [InlineData("-generic", false)]
    [InlineData("youtube, generic", false)]
    [InlineData("", false)]
    public void Validate_Extractors_NamesOnly(string extractors, bool valid)
    {
        var options = Bind(("Silo:Media:YtDlp:Extractors", extractors));
        if (extractors.Length == 0) options.YtDlp.Extractors = "";

        var errors = options.Validate(new ValidationContext(options)).ToList();

        Assert.Equal(valid, errors.Count == 0);
        if (!valid) Assert.Equal(["YtDlp:Extractors"], errors.Single().MemberNames);
    }

    [Fact]
    public void Validate_HostThatNoUrlCouldHave_Named()
    {
        var options = Bind(("Silo:Media:YtDlp:FetchHosts:0", "[::1"));

        Assert.Equal(["YtDlp:FetchHosts"], options.Validate(new ValidationContext(options)).Single().MemberNames);
    }
}
