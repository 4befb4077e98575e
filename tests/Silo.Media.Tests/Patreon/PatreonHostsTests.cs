using Silo.Media.Archiving;
using Silo.Hosting.Outbound;

namespace Silo.Media.Tests.Patreon;

/// <summary>The default download allow list admits Patreon's content hosts, which a crawl's media links name.</summary>
public sealed class PatreonHostsTests
{
    [Theory]
    [InlineData("https://c10.patreonusercontent.com/4/patreon-media/p/post/901/a.png?token-time=1", true)]
    [InlineData("https://patreonusercontent.com.evil.example/a.png", false)]
    public void DefaultAllowedHosts_PatreonContentHost_Admitted(string url, bool expected) =>
        Assert.Equal(expected, new HostAllowList(new MediaOptions().AllowedHosts).Allows(new Uri(url)));
}
