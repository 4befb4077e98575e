using Silo.Media.Archiving;

namespace Silo.Media.Tests.Archiving;

public sealed class HostAllowListTests
{
    private readonly HostAllowList _list = new(["fbcdn.net", "cdninstagram.com", "127.0.0.1:9000"]);

    [Theory]
    [InlineData("https://scontent.xx.fbcdn.net/v/a.jpg", true)]
    [InlineData("https://fbcdn.net/a.jpg", true)]
    [InlineData("https://scontent-mad1-1.cdninstagram.com/a.jpg", true)]
    [InlineData("http://127.0.0.1:9000/cdn/a.jpg", true)]
    [InlineData("http://127.0.0.1:9001/cdn/a.jpg", false)]
    [InlineData("https://evilfbcdn.net/a.jpg", false)]
    [InlineData("https://fbcdn.net.evil.com/a.jpg", false)]
    [InlineData("https://example.com/a.jpg", false)]
    public void Allows_Url_MatchesDomainsAndExactEndpoints(string url, bool expected) =>
        Assert.Equal(expected, _list.Allows(new Uri(url)));
}
