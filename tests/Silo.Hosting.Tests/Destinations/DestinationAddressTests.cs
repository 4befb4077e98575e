using Microsoft.Extensions.Options;
using Silo.Hosting.Destinations;

namespace Silo.Hosting.Tests.Destinations;

/// <summary>The decision on a destination's URL, made without connecting anywhere.</summary>
public sealed class DestinationAddressTests
{
    private static DestinationAddress Address(string[]? allowed = null, string[]? privateHosts = null) =>
        new(Options.Create(new DestinationOptions { AllowedHosts = allowed ?? [], PrivateHosts = privateHosts ?? [] }));

    [Theory]
    [InlineData("http://10.1.2.3/hook", "a private network address")]
    [InlineData("https://192.168.1.20:8443/hook", "a private network address")]
    [InlineData("http://127.0.0.1:9000/hook", "a loopback address")]
    [InlineData("http://[::1]:9000/hook", "a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data", "a cloud metadata service address")]
    [InlineData("http://[fd00::5]/hook", "a private network address")]
    [InlineData("http://[::ffff:10.0.0.1]/hook", "an IPv6 address that embeds an IPv4 one")]
    public void Refusal_PrivateAddressNotListed_RefusedNamingTheKind(string url, string kind)
    {
        var refusal = Address().Refusal(url);
        Assert.NotNull(refusal);
        Assert.Contains(kind, refusal);
        Assert.Contains("Silo:Notifications:PrivateHosts", refusal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://10.1.2.3:8080/hook")]
    public void Refusal_PrivateEndpointNamedExactly_Allowed(string url) =>
        Assert.Null(Address(privateHosts: ["127.0.0.1:9000", "10.1.2.3:8080"]).Refusal(url));

    [Theory]
    [InlineData("http://127.0.0.1:9001/hook")] // another port of a listed address
    [InlineData("http://169.254.169.254:80/")] // metadata is never admitted, listed or not
    public void Refusal_NotTheListedEndpointOrMetadata_Refused(string url) =>
        Assert.NotNull(Address(privateHosts: ["127.0.0.1:9000", "169.254.169.254:80"]).Refusal(url));

    [Theory]
    [InlineData("ftp://hooks.example.com/x", "http or https")]
    [InlineData("/relative", "http or https")]
    [InlineData("https://user:pw@hooks.example.com/x", "user name or password")]
    public void Refusal_NotAUsableUrl_Refused(string url, string why) => Assert.Contains(why, Address().Refusal(url));

    [Fact]
    public void Refusal_AllowListSet_OnlyItsHostsAllowed()
    {
        var address = Address(allowed: ["hooks.slack.com"]);
        Assert.Null(address.Refusal("https://hooks.slack.com/services/T/B/X"));
        Assert.Contains("Silo:Notifications:AllowedHosts", address.Refusal("https://example.com/hook"));
    }

    [Fact]
    public void Refusal_PublicHostNoAllowList_Allowed() => Assert.Null(Address().Refusal("https://hooks.example.com/silo"));
}
