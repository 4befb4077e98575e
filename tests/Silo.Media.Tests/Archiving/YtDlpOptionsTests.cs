using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Silo.Media.Archiving;

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
