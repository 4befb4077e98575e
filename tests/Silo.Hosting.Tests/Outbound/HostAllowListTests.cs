using Silo.Hosting.Outbound;

namespace Silo.Hosting.Tests.Outbound;

/// <summary>Matching only: nothing here connects anywhere.</summary>
public sealed class HostAllowListTests
{
    private readonly HostAllowList _list = new(["fbcdn.net", "cdninstagram.com", "127.0.0.1:9000", "[::1]:8080", "[2001:db8::1]", "2001:db8::2"]);

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

    [Theory]
    [InlineData("http://[::1]:8080/cdn/a.jpg", true)]           // [::1]:8080: that port only
    [InlineData("http://[::1]:8081/cdn/a.jpg", false)]
    [InlineData("http://[::1]/cdn/a.jpg", false)]
    [InlineData("http://[0:0:0:0:0:0:0:1]:8080/a.jpg", true)]   // the same address written out
    [InlineData("https://[2001:db8::1]/a.jpg", true)]           // [2001:db8::1]: any port
    [InlineData("https://[2001:DB8:0:0::1]:8443/a.jpg", true)]
    [InlineData("https://[2001:db8::2]:9/a.jpg", true)]         // bare 2001:db8::2 is an address, not "2001:db8:" port 2
    [InlineData("https://[2001:db8::3]/a.jpg", false)]
    [InlineData("http://[::ffff:127.0.0.1]:9000/a.jpg", false)] // a mapped IPv4 address is not the IPv4 entry
    public void Allows_Ipv6Literal_MatchesTheEntryAsWritten(string url, bool expected) =>
        Assert.Equal(expected, _list.Allows(new Uri(url)));

    [Theory]
    [InlineData("::1", 8080, true)]
    [InlineData("[::1]", 8080, true)]
    [InlineData("::1", 8081, false)]
    [InlineData("2001:db8::1", 443, false)] // named without a port: not exact, so never a loopback exception
    [InlineData("127.0.0.1", 9000, true)]
    public void NamesExactly_Endpoint_OnlyWithItsPort(string host, int port, bool expected) =>
        Assert.Equal(expected, _list.NamesExactly(host, port));

    [Fact]
    public void Allows_Ipv4EntryAndDomainHost_NeverCrossMatch()
    {
        var list = new HostAllowList(["0.1", "10.0.0.1"]);

        Assert.False(list.Allows(new Uri("http://10.0.0.1.evil.test/")));
        Assert.False(list.Allows(new Uri("http://1.2.0.1/"))); // "0.1" is no domain suffix of an address
    }

    [Theory]
    [InlineData("fbcdn.net", true)]
    [InlineData("cdn.example.test:8443", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("[2001:db8::1]", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("[::1", false)]
    [InlineData("[::1]8080", false)]
    [InlineData("[::1]:0", false)]
    [InlineData("[::1]:65536", false)]
    [InlineData("[203.0.113.7]", false)]
    [InlineData("host:port", false)]
    [InlineData(":80", false)]
    public void IsValidEntry_Text_OnlyWhatAUrlCanHave(string entry, bool expected) =>
        Assert.Equal(expected, HostAllowList.IsValidEntry(entry));
}
